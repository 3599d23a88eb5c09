namespace EcurepServer.Settings;

/// <summary>
/// The TLS certificate of a listener: PEM certificate and key files, or a PKCS#12 file. With neither, a
/// self-signed certificate is generated into the certificate directory on first start.
/// </summary>
public sealed class CertificateOptions
{
    public string? PemCertificate { get; set; }

    public string? PemKey { get; set; }

    public string? Pfx { get; set; }

    public string? PfxPassword { get; set; }

    public bool UsesPem => !string.IsNullOrWhiteSpace(PemCertificate) || !string.IsNullOrWhiteSpace(PemKey);

    public bool UsesPfx => !string.IsNullOrWhiteSpace(Pfx);

    public bool IsConfigured => UsesPem || UsesPfx;
}
