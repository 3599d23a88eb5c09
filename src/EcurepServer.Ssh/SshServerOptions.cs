using System.Net;

namespace EcurepServer.Ssh;

/// <summary>One SSH listener's settings. Every limit has a safe default; algorithm lists are in preference order.</summary>
public sealed class SshServerOptions
{
    public static IReadOnlyList<string> DefaultKexAlgorithms { get; } =
    [
        "mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
        "curve25519-sha256", "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
        "diffie-hellman-group16-sha512", "diffie-hellman-group14-sha256",
    ];

    public static IReadOnlyList<string> DefaultHostKeyAlgorithms { get; } =
        ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256"];

    public static IReadOnlyList<string> DefaultCiphers { get; } =
    [
        "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
        "aes128-ctr", "aes192-ctr", "aes256-ctr",
    ];

    public static IReadOnlyList<string> DefaultMacs { get; } =
        ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512"];

    /// <summary>Every user-authentication method the engine implements; keyboard-interactive asks one password prompt.</summary>
    public static IReadOnlyList<string> DefaultAuthenticationMethods { get; } = ["publickey", "password", "keyboard-interactive"];

    public IPEndPoint EndPoint { get; set; } = new(IPAddress.IPv6Any, 2222);

    /// <summary>The software part of the identification line, sent as <c>SSH-2.0-{SoftwareVersion}</c>.</summary>
    public string SoftwareVersion { get; set; } = "EcurepServer";

    public IReadOnlyList<string> KexAlgorithms { get; set; } = DefaultKexAlgorithms;

    public IReadOnlyList<string> HostKeyAlgorithms { get; set; } = DefaultHostKeyAlgorithms;

    public IReadOnlyList<string> Ciphers { get; set; } = DefaultCiphers;

    public IReadOnlyList<string> Macs { get; set; } = DefaultMacs;

    /// <summary>
    /// The methods listed in every USERAUTH_FAILURE; a request by another method fails. Which are offered decides how
    /// clients ask for a password: OpenSSH prefers keyboard-interactive ("(user@host) Password:") over password
    /// ("user@host's password:").
    /// </summary>
    public IReadOnlyList<string> AuthenticationMethods { get; set; } = DefaultAuthenticationMethods;

    /// <summary>Sent as USERAUTH_BANNER before authentication; null or empty sends none.</summary>
    public string? Banner { get; set; }

    public int MaxVersionLineLength { get; set; } = 255;

    /// <summary>Lines a client may send before its identification line (RFC 4253 allows a preamble).</summary>
    public int MaxPreambleLines { get; set; } = 20;

    /// <summary>Largest binary packet accepted, checked before anything is allocated.</summary>
    public int MaxPacketSize { get; set; } = 256 * 1024;

    public long RekeyAfterBytes { get; set; } = 1L << 30;

    public TimeSpan RekeyAfterTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a key re-exchange may take, from the first KEXINIT to the client's NEWKEYS; a client that lets it run
    /// longer (never answers the server's KEXINIT, say) is disconnected. The first exchange is bounded by <see cref="LoginGraceTime"/>.
    /// </summary>
    public TimeSpan KeyReExchangeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Key re-exchanges a client may start within any minute; one more ends the connection, since each costs the server
    /// a key agreement and a host key signature. An exchange that follows at least 16 MiB of traffic is not counted:
    /// clients re-key by data volume (OpenSSH after 1 GiB with chacha20, or its RekeyLimit), and then the data cost more.
    /// </summary>
    public int MaxClientKeyExchangesPerMinute { get; set; } = 10;

    public int MaxAuthFailures { get; set; } = 6;

    /// <summary>A hard cap on user-authentication requests of any kind, successful queries included.</summary>
    public int MaxAuthRequests { get; set; } = 30;

    public TimeSpan LoginGraceTime { get; set; } = TimeSpan.FromSeconds(120);

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How soon a client that vanished without closing (network cut) is noticed by TCP keepalive and, on Linux,
    /// TCP_USER_TIMEOUT, so its upload can be resumed from a new connection; zero leaves the system's defaults.
    /// </summary>
    public TimeSpan DeadClientTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxSessionsPerAddress { get; set; } = 10;

    /// <summary>Connections served at once from all addresses; more are refused with TooManyConnections.</summary>
    public int MaxSessions { get; set; } = 256;

    public int MaxChannelsPerSession { get; set; } = 10;

    /// <summary>
    /// The receive window all channels of all connections together may have granted, which bounds the channel data the
    /// server can be made to hold in memory: each channel reserves <see cref="ChannelWindowSize"/> from it while it is
    /// open, and a channel that would overdraw it is refused (RESOURCE_SHORTAGE). The default is one 4 MiB channel for
    /// each of <see cref="MaxSessions"/> connections.
    /// </summary>
    public long TotalChannelWindowBytes { get; set; } = 256L * 4 * 1024 * 1024;

    /// <summary>
    /// The part of <see cref="TotalChannelWindowBytes"/> the channels of one connection may hold together (by default
    /// four channels); a channel beyond it is refused (RESOURCE_SHORTAGE).
    /// </summary>
    public long MaxChannelWindowBytesPerConnection { get; set; } = 4L * 4 * 1024 * 1024;

    /// <summary>
    /// The part of <see cref="TotalChannelWindowBytes"/> the channels of all connections from one client address may
    /// hold together (by default sixteen channels, 1/16 of the default total), so a few addresses cannot take the
    /// window every other client needs; a channel beyond it is refused (RESOURCE_SHORTAGE).
    /// </summary>
    public long MaxChannelWindowBytesPerAddress { get; set; } = 16L * 4 * 1024 * 1024;

    /// <summary>The receive window granted to each channel; at least 2 MiB so a pipelining client is not starved.</summary>
    public uint ChannelWindowSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest CHANNEL_DATA payload the server accepts, announced in channel open confirmations.</summary>
    public uint ChannelMaxPacketSize { get; set; } = 256 * 1024 - 1024;

    /// <summary>Written to stderr for exec and shell requests (how <c>scp -O</c> and interactive <c>ssh</c> arrive) before exit status 1.</summary>
    public string ShellRefusalMessage { get; set; } = "Secure Copy and shell access are not supported on this server; use sftp.\r\n";
}
