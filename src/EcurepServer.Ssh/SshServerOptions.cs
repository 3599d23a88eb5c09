using System.Net;
using System.Text;
using EcurepServer.Connections;

namespace EcurepServer.Ssh;

/// <summary>
/// One SSH listener's settings, declared and validated here only: the host binds its configuration section
/// (<c>EcurepServer:Sites:&lt;Name&gt;:Ssh</c>) straight onto them. Every limit has a safe default; algorithm lists are in
/// preference order; <see cref="Validate"/> names each bad value by its key.
/// </summary>
public class SshServerOptions
{
    /// <summary>A receive window below this starves a client that pipelines its writes.</summary>
    private const int MinChannelWindowSize = 2 * 1024 * 1024;

    /// <summary>RFC 4254 leaves the channel packet size to the peers; OpenSSH sends 32 KiB.</summary>
    private const int MinChannelMaxPacketSize = 32 * 1024;

    /// <summary>A channel opens with room for at least one packet of the smallest maximum size.</summary>
    private const int MinChannelInitialWindowSize = MinChannelMaxPacketSize;

    /// <summary>RFC 4253 section 6.1: every implementation must take packets of 35000 bytes.</summary>
    private const int MinPacketSize = 35000;

    /// <summary>Fewer bytes between key exchanges than the default largest packet would re-key all the time.</summary>
    private const long MinRekeyAfterBytes = 256 * 1024;

    /// <summary>RFC 4253 section 4.2: the identification line is at most 255 characters with its CR LF.</summary>
    private const int MaxIdentificationLength = 255;

    /// <summary>What the identification line leaves for the software version after "SSH-2.0-" and CR LF.</summary>
    private const int MaxSoftwareVersionLength = MaxIdentificationLength - 10;

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

    /// <summary><see cref="IPAddress.IPv6Any"/> is every interface, IPv4 ones too.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.IPv6Any;

    /// <summary>The SSH port; 0 lets the OS choose (see <see cref="SshServer.LocalEndPoint"/>).</summary>
    public int Port { get; set; } = 2222;

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

    /// <summary>Lines sent as USERAUTH_BANNER before authentication, each ended by CR LF (RFC 4252 section 5.4); none sends no banner.</summary>
    public IReadOnlyList<string> Banner { get; set; } = [];

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

    /// <summary>
    /// Connections that have not logged in yet, as OpenSSH's MaxStartups full: more are refused at accept. From
    /// <see cref="MaxStartupsDropFrom"/> on, each new one is refused with a chance of <see cref="MaxStartupsDropPercent"/>
    /// percent, rising linearly to 100 at this value; <see cref="MaxStartupsPerAddress"/> bounds those of one address.
    /// </summary>
    public int MaxStartups { get; set; } = 100;

    public int MaxStartupsDropFrom { get; set; } = 50;

    public int MaxStartupsDropPercent { get; set; } = 30;

    public int MaxStartupsPerAddress { get; set; } = 10;

    public int MaxChannelsPerSession { get; set; } = 10;

    /// <summary>
    /// The receive window all channels of all connections together may have granted, which bounds the channel data the
    /// server can be made to hold in memory: each channel reserves the window it has granted (it opens with
    /// <see cref="ChannelInitialWindowSize"/> and grows towards <see cref="ChannelWindowSize"/> while a transfer keeps
    /// it full), a channel that would overdraw it at its open is refused (RESOURCE_SHORTAGE) and one that cannot grow
    /// keeps the window it has. The default holds one full 4 MiB window for each of <see cref="MaxSessions"/> connections.
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

    /// <summary>
    /// The largest receive window a channel grows to while a transfer keeps its window full; at least 2 MiB so a
    /// pipelining client is not starved.
    /// </summary>
    public uint ChannelWindowSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The receive window a channel opens with, and all an idle channel reserves from the window budgets; it doubles
    /// each time the client fills most of it before the server has consumed the data, up to <see cref="ChannelWindowSize"/>.
    /// </summary>
    public uint ChannelInitialWindowSize { get; set; } = 64 * 1024;

    /// <summary>The largest CHANNEL_DATA payload the server accepts, announced in channel open confirmations.</summary>
    public uint ChannelMaxPacketSize { get; set; } = 256 * 1024 - 1024;

    /// <summary>Written to stderr for exec and shell requests (how <c>scp -O</c> and interactive <c>ssh</c> arrive) before exit status 1.</summary>
    public string ShellRefusalMessage { get; set; } = "Secure Copy and shell access are not supported on this server; use sftp.\r\n";

    /// <summary>
    /// Every problem with these settings, each naming its key below <paramref name="section"/> (the configuration
    /// section they are bound from) and what is allowed; empty when they are usable.
    /// </summary>
    /// <summary>The limits on connections not logged in yet, as the engine's <see cref="StartupLimiter"/> takes them.</summary>
    public StartupLimits ToStartupLimits() => new(MaxStartupsPerAddress, MaxStartupsDropFrom, MaxStartupsDropPercent, MaxStartups);

    public IReadOnlyList<string> Validate(string section)
    {
        var check = new OptionProblems(section);
        var problems = check.Found;

        void RequireChannelWindow(long value, string key) =>
            check.Require(value >= ChannelInitialWindowSize, key, $"must be at least one channel's initial window, {ChannelInitialWindowSize} bytes (was {value})");

        check.Require(BindAddress is not null, nameof(BindAddress), "must be an IP address ('::' or '0.0.0.0' for every interface)");
        check.Require(Port is >= 0 and <= 65535, nameof(Port), $"must be between 0 and 65535, 0 for an ephemeral port (was {Port})");
        check.Require(
            !string.IsNullOrEmpty(SoftwareVersion) && SoftwareVersion.Length <= MaxSoftwareVersionLength && SoftwareVersion.All(c => c is > ' ' and <= '~' and not '-'),
            nameof(SoftwareVersion),
            $"must be 1 to {MaxSoftwareVersionLength} printable ASCII characters without spaces or '-' (RFC 4253 section 4.2)");
        check.Require(MaxVersionLineLength is >= MaxIdentificationLength and <= 8192, nameof(MaxVersionLineLength), $"must be between {MaxIdentificationLength} and 8192 (was {MaxVersionLineLength})");
        check.Require(MaxPreambleLines is >= 0 and <= 1000, nameof(MaxPreambleLines), $"must be between 0 and 1000 (was {MaxPreambleLines})");
        check.Require(MaxPacketSize is >= MinPacketSize and <= 1024 * 1024, nameof(MaxPacketSize), $"must be between {MinPacketSize} and 1048576 (was {MaxPacketSize})");
        check.Require(RekeyAfterBytes >= MinRekeyAfterBytes, nameof(RekeyAfterBytes), $"must be at least {MinRekeyAfterBytes} (was {RekeyAfterBytes})");
        check.RequirePositive(RekeyAfterTime, nameof(RekeyAfterTime));
        check.RequirePositive(KeyReExchangeTimeout, nameof(KeyReExchangeTimeout));
        check.RequireAtLeastOne(MaxClientKeyExchangesPerMinute, nameof(MaxClientKeyExchangesPerMinute));
        check.RequireAtLeastOne(MaxAuthFailures, nameof(MaxAuthFailures));
        check.RequireAtLeastOne(MaxAuthRequests, nameof(MaxAuthRequests));
        check.RequirePositive(LoginGraceTime, nameof(LoginGraceTime));
        check.RequirePositive(IdleTimeout, nameof(IdleTimeout));

        // Keepalive works in whole seconds, and a probe interval needs at least two of them.
        check.Require(
            DeadClientTimeout == TimeSpan.Zero || DeadClientTimeout >= TimeSpan.FromSeconds(2),
            nameof(DeadClientTimeout),
            $"must be 0 (the system's defaults) or at least 2 seconds (was {DeadClientTimeout})");
        check.RequireAtLeastOne(MaxSessionsPerAddress, nameof(MaxSessionsPerAddress));
        check.RequireAtLeastOne(MaxSessions, nameof(MaxSessions));
        ToStartupLimits().Validate(check, nameof(MaxStartups));
        check.RequireAtLeastOne(MaxChannelsPerSession, nameof(MaxChannelsPerSession));
        check.Require(ChannelWindowSize >= MinChannelWindowSize, nameof(ChannelWindowSize), $"must be at least {MinChannelWindowSize} (was {ChannelWindowSize})");
        check.Require(
            ChannelInitialWindowSize >= MinChannelInitialWindowSize && ChannelInitialWindowSize <= ChannelWindowSize,
            nameof(ChannelInitialWindowSize),
            $"must be between {MinChannelInitialWindowSize} and ChannelWindowSize, {ChannelWindowSize} (was {ChannelInitialWindowSize})");
        RequireChannelWindow(TotalChannelWindowBytes, nameof(TotalChannelWindowBytes));
        RequireChannelWindow(MaxChannelWindowBytesPerConnection, nameof(MaxChannelWindowBytesPerConnection));
        RequireChannelWindow(MaxChannelWindowBytesPerAddress, nameof(MaxChannelWindowBytesPerAddress));
        check.Require(
            ChannelMaxPacketSize >= MinChannelMaxPacketSize && ChannelMaxPacketSize <= (long)MaxPacketSize - 1024,
            nameof(ChannelMaxPacketSize),
            $"must be between {MinChannelMaxPacketSize} and MaxPacketSize - 1024, {(long)MaxPacketSize - 1024} (was {ChannelMaxPacketSize})");
        check.Require(ShellRefusalMessage is not null && Encoding.UTF8.GetByteCount(ShellRefusalMessage) <= 4096, nameof(ShellRefusalMessage), "must be text of at most 4096 bytes");
        for (var i = 0; i < (Banner?.Count ?? 0); i++)
        {
            check.Require(Banner![i] is not null && !Banner[i].Any(char.IsControl), $"{nameof(Banner)}:{i}", "a banner line must not contain control characters (CR, LF, TAB, ...)");
        }

        RequireSupported(problems, $"{section}:{nameof(AuthenticationMethods)}", AuthenticationMethods, DefaultAuthenticationMethods);
        RequireSupported(problems, $"{section}:{nameof(KexAlgorithms)}", KexAlgorithms, DefaultKexAlgorithms);
        RequireSupported(problems, $"{section}:{nameof(HostKeyAlgorithms)}", HostKeyAlgorithms, DefaultHostKeyAlgorithms);
        RequireSupported(problems, $"{section}:{nameof(Ciphers)}", Ciphers, DefaultCiphers);
        RequireSupported(problems, $"{section}:{nameof(Macs)}", Macs, DefaultMacs);
        return problems;
    }

    /// <summary>A method or algorithm list may reorder or narrow the engine's, never be empty or name one it lacks.</summary>
    private static void RequireSupported(List<string> problems, string key, IReadOnlyList<string>? configured, IReadOnlyList<string> supported)
    {
        if (configured is null || configured.Count == 0)
        {
            problems.Add($"{key}: must name at least one of {string.Join(", ", supported)}.");
            return;
        }

        for (var i = 0; i < configured.Count; i++)
        {
            if (!supported.Contains(configured[i]))
            {
                problems.Add($"{key}:{i}: '{configured[i]}' is not supported; choose from {string.Join(", ", supported)}.");
            }
        }
    }
}
