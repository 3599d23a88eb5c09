using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Ftp.Tls;

/// <summary>
/// The server's certificates (one, or an RSA and an ECDSA one) and the choice between them: each client gets the
/// ECDSA certificate when its ClientHello can take it, else the RSA one. SslStream's callbacks do not show the
/// client's offer, so the choice reads the ClientHello the <see cref="HandshakeObservingStream"/> saw.
/// </summary>
internal sealed class TlsCredentials
{
    private TlsCredentials(IReadOnlyList<TlsCredential> all)
    {
        All = all;
        Default = all.FirstOrDefault(c => c.KeyKind == CertificateKeyKind.Rsa) ?? all[0];
    }

    public IReadOnlyList<TlsCredential> All { get; }

    /// <summary>For a client whose ClientHello could not be read: the RSA certificate, which the most clients take.</summary>
    public TlsCredential Default { get; }

    /// <summary>Null when there is no certificate (a plain listener).</summary>
    public static TlsCredentials? Create(IReadOnlyList<X509Certificate2>? certificates, bool requireSessionReuse)
    {
        if (certificates is null || certificates.Count == 0)
        {
            return null;
        }

        var all = certificates.Select(certificate => new TlsCredential(certificate, requireSessionReuse)).ToList();
        var kinds = all.Select(c => c.KeyKind).ToList();
        if (all.Count > 2 || (all.Count == 2 && !(kinds.Contains(CertificateKeyKind.Rsa) && kinds.Contains(CertificateKeyKind.Ecdsa))))
        {
            throw new ArgumentException("Two FTPS certificates must be one RSA and one ECDSA certificate.", nameof(certificates));
        }

        return new TlsCredentials(all);
    }

    /// <summary>The certificate for a client that sent <paramref name="hello"/> (null when it could not be read).</summary>
    public TlsCredential Choose(ClientHello? hello)
    {
        if (hello is null || All.Count == 1)
        {
            return Default;
        }

        return All.FirstOrDefault(c => c.KeyKind == CertificateKeyKind.Ecdsa && c.Suits(hello))
            ?? All.FirstOrDefault(c => c.KeyKind == CertificateKeyKind.Rsa && c.Suits(hello))
            ?? Default;
    }
}
