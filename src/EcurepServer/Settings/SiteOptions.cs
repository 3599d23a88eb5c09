namespace EcurepServer.Settings;

/// <summary>One site ("EcurepServer:Sites:&lt;Name&gt;"): its host names and listeners.</summary>
public sealed class SiteOptions
{
    /// <summary>Names clients use to reach the site; the generated certificate covers them.</summary>
    public List<string> HostNames { get; set; } = [];

    public FtpsOptions Ftps { get; set; } = new();

    public SftpListenerOptions Sftp { get; set; } = new();
}
