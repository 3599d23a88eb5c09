using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace EcurepServer.Ftp.Tls;

/// <summary>
/// The server's TLS settings: TLS 1.2 and 1.3 only, AEAD suites with ECDHE only (no SHA-1, no CBC).
/// </summary>
/// <remarks>
/// Experiment (.NET 10 on Linux, OpenSSL 3.0): the server resumes TLS sessions only when the options carry no
/// <see cref="CipherSuitesPolicy"/>; then every SslStream with the same certificate and the same protocols shares
/// one OpenSSL context and so one session cache and ticket key, whatever options instance it was given. With a
/// policy, no session id and no ticket is ever issued. So where data connections must resume the control
/// connection's session, both use TLS 1.2 (a TLS 1.3 session cannot be resumed by TLS 1.2) without a policy, and
/// <see cref="HandshakeObservingStream"/> keeps the suite list instead.
/// </remarks>
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

    private static readonly HashSet<ushort> AllowedSuiteValues = [.. AllowedSuites.Select(suite => (ushort)suite)];

    public static IReadOnlyList<TlsCipherSuite> CipherSuites => AllowedSuites;

    public static bool Allows(ushort suite) => AllowedSuiteValues.Contains(suite);

    /// <summary>
    /// The control channel's settings. With <paramref name="resumable"/> TLS 1.2 only and without a suite policy,
    /// so that data connections can resume its session; otherwise TLS 1.2 and 1.3 under the suite policy.
    /// </summary>
    public static SslServerAuthenticationOptions ForControl(SslStreamCertificateContext certificate, bool resumable)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = resumable ? SslProtocols.Tls12 : SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
        };

        // Windows takes its suites from the OS policy; everywhere else the list is enforced here as well.
        if (!resumable && !OperatingSystem.IsWindows())
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
    /// A resumable control channel is TLS 1.2 already, and its very settings let the data connection resume it.
    /// </summary>
    public static SslServerAuthenticationOptions ForDataChannel(SslServerAuthenticationOptions control)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (control.EnabledSslProtocols == SslProtocols.Tls12)
        {
            return control;
        }

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
