using EcurepServer.Ftp;

namespace EcurepServer.Settings;

/// <summary>
/// The explicit-FTPS listener of a site ("EcurepServer:Sites:&lt;Name&gt;:Ftps"). The limits default to the
/// engine's own defaults, so there is one place that decides them.
/// </summary>
public sealed class FtpsOptions
{
    private static readonly FtpServerOptions EngineDefaults = new();

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

    /// <summary>Full (RFC 4217 as published) or Draft (the Internet-Draft z/OS calls DRAFT); they differ in AUTH and CCC.</summary>
    public Rfc4217Level Rfc4217Level { get; set; } = EngineDefaults.TlsLevel;

    /// <summary>At the full level, whether CCC may clear the control channel; refused with 534 when false.</summary>
    public bool AllowClearCommandChannel { get; set; } = EngineDefaults.AllowClearCommandChannel;

    /// <summary>Refuse transfers over a clear data channel (PROT C).</summary>
    public bool RequireProtectedData { get; set; } = EngineDefaults.RequireProtectedData;

    /// <summary>Protected data connections must resume the control connection's TLS session (522 otherwise); the control channel is then TLS 1.2 only.</summary>
    public bool RequireTlsSessionReuse { get; set; } = EngineDefaults.RequireTlsSessionReuse;

    /// <summary>Refuse anonymous transfers over a clear data channel (PROT C); the legacy plain listener never does.</summary>
    public bool AnonymousRequiresProtectedData { get; set; } = EngineDefaults.AnonymousRequiresProtectedData;

    /// <summary>Store TYPE A uploads byte for byte instead of refusing them.</summary>
    public bool AllowAsciiUploads { get; set; } = EngineDefaults.AllowAsciiUploads;

    public TimeSpan IdleTimeout { get; set; } = EngineDefaults.IdleTimeout;

    /// <summary>Connections not logged in this long after they were accepted are closed with 421.</summary>
    public TimeSpan LoginGraceTime { get; set; } = EngineDefaults.LoginGraceTime;

    public TimeSpan DataConnectionAcceptTimeout { get; set; } = EngineDefaults.DataConnectionAcceptTimeout;

    public TimeSpan DataTimeout { get; set; } = EngineDefaults.DataTimeout;

    /// <summary>How soon a client whose network vanished is noticed (TCP keepalive); 0 leaves the system's defaults.</summary>
    public TimeSpan DeadClientTimeout { get; set; } = EngineDefaults.DeadClientTimeout;

    public TimeSpan TlsHandshakeTimeout { get; set; } = EngineDefaults.TlsHandshakeTimeout;

    public TimeSpan ControlCloseSettleTime { get; set; } = EngineDefaults.ControlCloseSettleTime;

    public int MaxCommandLineBytes { get; set; } = EngineDefaults.MaxCommandLineBytes;

    public int MaxOversizedLines { get; set; } = EngineDefaults.MaxOversizedLines;

    public int MaxFailedLogins { get; set; } = EngineDefaults.MaxFailedLogins;

    public int MaxSessions { get; set; } = EngineDefaults.MaxSessions;

    public int MaxSessionsPerAddress { get; set; } = EngineDefaults.MaxSessionsPerAddress;

    /// <summary>Passive ports one client address may hold at once (until the data connection comes or the accept timeout).</summary>
    public int MaxPassivePortsPerAddress { get; set; } = EngineDefaults.MaxPassivePortsPerAddress;

    public int TransferBufferBytes { get; set; } = EngineDefaults.TransferBufferBytes;

    /// <summary>The 220 greeting, one entry per line; empty takes the dialect's banner.</summary>
    public List<string> Banner { get; set; } = [];

    /// <summary>The lines that open the 230 reply after a successful login; empty takes the dialect's.</summary>
    public List<string> LoginMessage { get; set; } = [];

    /// <summary>Reply texts of this site that differ from its dialect, by FtpReplyTexts member name.</summary>
    public Dictionary<string, string> Replies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public CertificateOptions Certificate { get; set; } = new();

    /// <summary>A second certificate with the other key kind (one RSA, one ECDSA): each client gets the one its offer can take, ECDSA first.</summary>
    public CertificateOptions SecondCertificate { get; set; } = new();
}
