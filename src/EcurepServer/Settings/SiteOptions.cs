using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Ftp;

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

    public FtpsListenerOptions Ftps { get; set; } = new();

    /// <summary>A plain FTP listener for upload utilities that cannot do TLS; off by default.</summary>
    public LegacyPlainOptions LegacyPlain { get; set; } = new();

    /// <summary>The SSH listener that serves SFTP; "Sftp", its former name, still configures it where "Ssh" does not.</summary>
    [FormerKeyName("Sftp")]
    public SshListenerOptions Ssh { get; set; } = new();

    /// <summary>The load balancers allowed to put a PROXY protocol header before this site's FTP and SSH connections; none by default.</summary>
    public ProxyProtocolOptions ProxyProtocol { get; set; } = new();

    /// <summary>"{host}" in banner lines: the site's first host name.</summary>
    public string PrimaryHostName => HostNames.FirstOrDefault(name => !string.IsNullOrWhiteSpace(name)) ?? "localhost";

    /// <summary>
    /// The legacy plain listener's engine options: the FTPS listener's on the legacy port, login without TLS allowed, and
    /// clear data connections for everyone (the upload utilities it serves encrypt the content themselves).
    /// </summary>
    public FtpServerOptions LegacyPlainEngineOptions()
    {
        var options = Ftps.Clone();
        options.Port = LegacyPlain.Port;
        options.RequireTls = false;
        options.RequireProtectedData = false;
        options.AnonymousRequiresProtectedData = false;
        return options;
    }
}
