namespace EcurepServer.Settings;

/// <summary>
/// What the host reads from the "EcurepServer" section; the drop-box rules (DropBox, AllowAnonymous) are bound and
/// validated by Core. Relative paths are relative to the working directory.
/// </summary>
public sealed class EcurepServerOptions
{
    public const string SectionName = "EcurepServer";

    public string DataDirectory { get; set; } = "data";

    public string AccountsFile { get; set; } = "config/accounts.json";

    public string CertificateDirectory { get; set; } = "certs";

    /// <summary>
    /// Besides the generated RSA certificate, generate an ECDSA P-256 one and serve it to the clients that take ECDSA
    /// (sites without a configured certificate).
    /// </summary>
    public bool GenerateEcdsaCertificate { get; set; }

    /// <summary>Where the sites' reply dialects (&lt;name&gt;.json) are looked up first; the shipped ones are the fallback.</summary>
    public string DialectDirectory { get; set; } = "config/dialects";

    /// <summary>How long running transfers may go on after a stop was requested.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where to write the ready file (JSON: process id, each site's actual ports, fingerprints) once every enabled
    /// listener accepts; removed on stop. Empty: none. Also set by --ready-file.
    /// </summary>
    public string ReadyFile { get; set; } = string.Empty;

    public ManagementOptions Management { get; set; } = new();

    public Dictionary<string, SiteOptions> Sites { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
