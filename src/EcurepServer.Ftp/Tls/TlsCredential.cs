using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Ftp.Tls;

/// <summary>The server certificate and the TLS settings of the control and data connections that present it.</summary>
internal sealed class TlsCredential
{
    public TlsCredential(X509Certificate2 certificate, bool requireSessionReuse)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The FTPS server certificate has no private key.", nameof(certificate));
        }

        Certificate = certificate;
        RequireSessionReuse = requireSessionReuse;
        var context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        Control = TlsPolicy.ForControl(context, resumable: requireSessionReuse);
        Data = TlsPolicy.ForDataChannel(Control);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Data connections must resume their control connection's TLS session (and the control channel is TLS 1.2).</summary>
    public bool RequireSessionReuse { get; }

    public SslServerAuthenticationOptions Control { get; }

    public SslServerAuthenticationOptions Data { get; }
}
