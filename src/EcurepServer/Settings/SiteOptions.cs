namespace EcurepServer.Settings;

/// <summary>One site ("EcurepServer:Sites:&lt;Name&gt;"): its host names, reply dialect and listeners.</summary>
public sealed class SiteOptions
{
    public const string DefaultDialect = "ecurep";

    /// <summary>Names clients use to reach the site; the generated certificate covers them. The first fills "{host}" in the banner.</summary>
    public List<string> HostNames { get; set; } = [];

    /// <summary>The reply dialect: config/dialects/&lt;Dialect&gt;.json holds the banner and every reply text.</summary>
    public string Dialect { get; set; } = DefaultDialect;

    /// <summary>Whether this site's sessions get transcripts; unset: as <c>EcurepServer:Transcripts:Enabled</c> says.</summary>
    public SiteTranscriptOptions Transcripts { get; set; } = new();

    public FtpsOptions Ftps { get; set; } = new();

    /// <summary>A plain FTP listener for upload utilities that cannot do TLS; off by default.</summary>
    public LegacyPlainOptions LegacyPlain { get; set; } = new();

    public SftpListenerOptions Sftp { get; set; } = new();

    /// <summary>"{host}" in banner lines: the site's first host name.</summary>
    public string PrimaryHostName => HostNames.FirstOrDefault(name => !string.IsNullOrWhiteSpace(name)) ?? "localhost";
}
