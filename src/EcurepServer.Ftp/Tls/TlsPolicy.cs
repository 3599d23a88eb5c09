using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Ftp.Tls;

/// <summary>
/// The server's TLS settings: TLS 1.2 and 1.3 only, AEAD suites with ECDHE only (no SHA-1, no CBC).
/// One options instance serves every control handshake and another every data handshake, which lets .NET
/// resume sessions on each.
/// </summary>
internal static class TlsPolicy
{
    private static readonly TlsCipherSuite[] AllowedSuites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public static IReadOnlyList<TlsCipherSuite> CipherSuites => AllowedSuites;

    public static SslServerAuthenticationOptions Create(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The FTPS server certificate has no private key.", nameof(certificate));
        }

        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
        };

        // Windows takes its suites from the OS policy; everywhere else the list is enforced here.
        if (!OperatingSystem.IsWindows())
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(AllowedSuites);
        }

        return options;
    }

    /// <summary>
    /// The data channel's settings: the control channel's, but TLS 1.2 only. A TLS 1.3 server sends its session
    /// tickets after the handshake; a client that only writes (an upload) never reads them, and when it closes with
    /// them unread its kernel resets the connection, which discards the end of the upload (lftp/GnuTLS does this
    /// on every upload). In TLS 1.2 tickets are part of the handshake, so nothing is left unread.
    /// </summary>
    public static SslServerAuthenticationOptions ForDataChannel(SslServerAuthenticationOptions control)
    {
        ArgumentNullException.ThrowIfNull(control);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = control.ServerCertificateContext,
            EnabledSslProtocols = SslProtocols.Tls12,
            ClientCertificateRequired = control.ClientCertificateRequired,
            CertificateRevocationCheckMode = control.CertificateRevocationCheckMode,
            AllowRenegotiation = control.AllowRenegotiation,
            CipherSuitesPolicy = control.CipherSuitesPolicy,
        };
    }
}
