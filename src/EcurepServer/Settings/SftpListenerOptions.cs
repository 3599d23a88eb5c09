using EcurepServer.Ssh;

namespace EcurepServer.Settings;

/// <summary>
/// The SFTP (SSH) listener of a site ("EcurepServer:Sites:&lt;Name&gt;:Sftp"). Limits default to the SSH engine's
/// own defaults; an empty algorithm list means the engine's default list.
/// </summary>
public sealed class SftpListenerOptions
{
    private static readonly SshServerOptions EngineDefaults = new();

    public bool Enabled { get; set; } = true;

    public string BindAddress { get; set; } = "::";

    /// <summary>The SSH port; 0 lets the operating system choose.</summary>
    public int Port { get; set; } = 2222;

    /// <summary>Shown by clients before they authenticate (SSH_MSG_USERAUTH_BANNER), one entry per line; empty: the dialect's.</summary>
    public List<string> Banner { get; set; } = [];

    /// <summary>The user-authentication methods offered; empty: the dialect's (ecurep: publickey, password).</summary>
    public List<string> AuthenticationMethods { get; set; } = [];

    public TimeSpan IdleTimeout { get; set; } = EngineDefaults.IdleTimeout;

    public TimeSpan LoginGraceTime { get; set; } = EngineDefaults.LoginGraceTime;

    /// <summary>How soon a client whose network vanished is noticed (TCP keepalive); 0 leaves the system's defaults.</summary>
    public TimeSpan DeadClientTimeout { get; set; } = EngineDefaults.DeadClientTimeout;

    public int MaxAuthFailures { get; set; } = EngineDefaults.MaxAuthFailures;

    public int MaxSessionsPerAddress { get; set; } = EngineDefaults.MaxSessionsPerAddress;

    public int MaxSessions { get; set; } = EngineDefaults.MaxSessions;

    public int MaxChannelsPerSession { get; set; } = EngineDefaults.MaxChannelsPerSession;

    /// <summary>The channel window all connections together may hold (each channel reserves 4 MiB); bounds memory.</summary>
    public long TotalChannelWindowBytes { get; set; } = EngineDefaults.TotalChannelWindowBytes;

    /// <summary>The part of it the channels of one connection may hold.</summary>
    public long MaxChannelWindowBytesPerConnection { get; set; } = EngineDefaults.MaxChannelWindowBytesPerConnection;

    /// <summary>The part of it the channels of all connections from one client address may hold.</summary>
    public long MaxChannelWindowBytesPerAddress { get; set; } = EngineDefaults.MaxChannelWindowBytesPerAddress;

    public long RekeyAfterBytes { get; set; } = EngineDefaults.RekeyAfterBytes;

    public TimeSpan RekeyAfterTime { get; set; } = EngineDefaults.RekeyAfterTime;

    /// <summary>How long a key re-exchange may take before the connection is dropped.</summary>
    public TimeSpan KeyReExchangeTimeout { get; set; } = EngineDefaults.KeyReExchangeTimeout;

    /// <summary>Key re-exchanges a client may start within a minute (those after 16 MiB of traffic not counted); one more disconnects it.</summary>
    public int MaxClientKeyExchangesPerMinute { get; set; } = EngineDefaults.MaxClientKeyExchangesPerMinute;

    public List<string> KexAlgorithms { get; set; } = [];

    public List<string> HostKeyAlgorithms { get; set; } = [];

    public List<string> Ciphers { get; set; } = [];

    public List<string> Macs { get; set; } = [];
}
