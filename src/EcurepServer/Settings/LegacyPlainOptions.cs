namespace EcurepServer.Settings;

/// <summary>
/// The legacy plain FTP listener of a site ("EcurepServer:Sites:&lt;Name&gt;:LegacyPlain"): the same tree, accounts,
/// dialect, passive pool and limits as the site's FTPS listener, but login without TLS is allowed. AUTH TLS still
/// works on it, so a client that can protect itself does.
/// </summary>
public sealed class LegacyPlainOptions
{
    public bool Enabled { get; set; }

    /// <summary>The control port; 0 lets the operating system choose. It binds to the FTPS listener's BindAddress.</summary>
    public int Port { get; set; } = 2120;
}
