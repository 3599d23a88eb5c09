using EcurepServer.Ftp;

namespace EcurepServer.Settings;

/// <summary>
/// The explicit-FTPS listener of a site ("EcurepServer:Sites:&lt;Name&gt;:Ftps"): the FTP engine's own options, bound
/// onto directly, and the settings only the host reads. The site's dialect gives the banner, the login message and the
/// reply texts unless the site sets them.
/// </summary>
public sealed class FtpsListenerOptions : FtpServerOptions
{
    public bool Enabled { get; set; } = true;

    public CertificateOptions Certificate { get; set; } = new();

    /// <summary>A second certificate with the other key kind (one RSA, one ECDSA): each client gets the one its offer can take, ECDSA first.</summary>
    public CertificateOptions SecondCertificate { get; set; } = new();
}
