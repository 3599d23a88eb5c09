namespace EcurepServer.Settings;

/// <summary>The explicit-FTPS listener of a site ("EcurepServer:Sites:&lt;Name&gt;:Ftps").</summary>
public sealed class FtpsOptions
{
    public bool Enabled { get; set; } = true;

    public string BindAddress { get; set; } = "::";

    /// <summary>The control port; 0 lets the operating system choose.</summary>
    public int Port { get; set; } = 2121;

    /// <summary>The passive data port pool; 0 and 0 let the operating system choose each data port.</summary>
    public int PassivePortMin { get; set; } = 65024;

    public int PassivePortMax { get; set; } = 65535;

    /// <summary>The IPv4 address announced in PASV replies when the server sits behind NAT.</summary>
    public string? PassiveAddress { get; set; }

    public bool RequireTls { get; set; } = true;

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The 220 greeting, one entry per line.</summary>
    public List<string> Banner { get; set; } = [];

    /// <summary>The lines of the 230 reply after a successful login.</summary>
    public List<string> LoginMessage { get; set; } = [];

    public CertificateOptions Certificate { get; set; } = new();
}
