using System.Net;
using System.Net.Sockets;
using EcurepServer.Connections;
using EcurepServer.Ftp.Protocol;
using EcurepServer.Ftp.Session;

namespace EcurepServer.Ftp;

/// <summary>
/// Settings of one FTP/FTPS listener, declared and validated here only: the host binds its configuration section
/// (<c>EcurepServer:Sites:&lt;Name&gt;:Ftps</c>) straight onto them. Every limit has a safe default; <see cref="Validate"/>
/// names each bad value by its key.
/// </summary>
public class FtpServerOptions
{
    /// <summary>The greeting must fit one 2 KiB read (sslyze, testssl.sh read it that way).</summary>
    internal const int MaxBannerBytes = 2048;

    /// <summary><see cref="IPAddress.IPv6Any"/> is every interface, IPv4 ones too, falling back to IPv4 any when the host has no IPv6.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.IPv6Any;

    /// <summary>Control port; 0 lets the OS choose (see <see cref="FtpServer.LocalEndPoint"/>).</summary>
    public int Port { get; set; } = 2121;

    /// <summary>Connections the kernel holds for the server until it accepts them; beyond it the kernel refuses new ones.</summary>
    public int ListenBacklog { get; set; } = 128;

    /// <summary>Passive port range; 0/0 means OS-chosen ephemeral ports. Servers with the same range share one pool.</summary>
    public int PassivePortMin { get; set; } = 65024;

    public int PassivePortMax { get; set; } = 65535;

    /// <summary>Address advertised in the 227 reply (for NAT); null means the control connection's local address.</summary>
    public IPAddress? PassiveAddress { get; set; }

    /// <summary>Refuse login and file commands until AUTH TLS has secured the control channel.</summary>
    public bool RequireTls { get; set; } = true;

    /// <summary>The RFC 4217 level: decides what AUTH SSL/TLS-P imply and whether CCC exists.</summary>
    public Rfc4217Level Rfc4217Level { get; set; } = Rfc4217Level.Full;

    /// <summary>At the full level, whether CCC may clear the control channel (else 534). The draft level never allows it.</summary>
    public bool AllowClearCommandChannel { get; set; } = true;

    /// <summary>Refuse transfers over a clear data channel (reply 521) when set.</summary>
    public bool RequireProtectedData { get; set; }

    /// <summary>
    /// Protected data connections must resume the control connection's TLS session, so that nobody else behind the
    /// client's address can take them (reply 522 otherwise). The control channel is then TLS 1.2 only; when false
    /// it offers TLS 1.3 as well and any data connection from the client's address is taken.
    /// </summary>
    public bool RequireTlsSessionReuse { get; set; } = true;

    /// <summary>Refuse anonymous users' transfers over a clear data channel (reply 521); Transfer IDs follow <see cref="RequireProtectedData"/>.</summary>
    public bool AnonymousRequiresProtectedData { get; set; } = true;

    /// <summary>Store uploads made in TYPE A byte for byte instead of refusing them. Bytes are never converted.</summary>
    public bool AllowAsciiUploads { get; set; }

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A connection not logged in this long after it was accepted is closed with 421 (SSH's LoginGraceTime for FTPS).</summary>
    public TimeSpan LoginGraceTime { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan DataConnectionAcceptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How soon a client that vanished without closing (network cut) is noticed on the control and data connections,
    /// by TCP keepalive and, on Linux, TCP_USER_TIMEOUT; zero leaves the system's defaults.
    /// </summary>
    public TimeSpan DeadClientTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a data transfer may stall (no byte moved) before it is aborted.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a clear upload ends, how long to watch the control connection before committing: a killed client
    /// closes both sockets, and the control FIN may arrive just after the data FIN.
    /// </summary>
    public TimeSpan ControlCloseSettleTime { get; set; } = TimeSpan.FromMilliseconds(50);

    public int MaxCommandLineBytes { get; set; } = 4096;

    /// <summary>Oversized command lines tolerated in one session; the next one closes it.</summary>
    public int MaxOversizedLines { get; set; } = 3;

    public int MaxFailedLogins { get; set; } = 3;

    public int MaxSessions { get; set; } = 256;

    public int MaxSessionsPerAddress { get; set; } = 16;

    /// <summary>
    /// Connections that have not logged in yet, as OpenSSH's MaxStartups full: more are refused at accept. From
    /// <see cref="MaxStartupsDropFrom"/> on, each new one is refused with a chance of <see cref="MaxStartupsDropPercent"/>
    /// percent, rising linearly to 100 at this value; <see cref="MaxStartupsPerAddress"/> bounds those of one address.
    /// </summary>
    public int MaxStartups { get; set; } = 100;

    public int MaxStartupsDropFrom { get; set; } = 50;

    public int MaxStartupsDropPercent { get; set; } = 30;

    public int MaxStartupsPerAddress { get; set; } = 10;

    /// <summary>
    /// Passive ports one client address may hold at once, counted over every server sharing the pool; a port is held
    /// from PASV/EPSV until its data connection arrives or the accept timeout gives it back.
    /// </summary>
    public int MaxPassivePortsPerAddress { get; set; } = 8;

    /// <summary>
    /// Transfer buffer size; one pooled buffer per transfer. An upload is written in chunks this large, filled from
    /// many TLS records; as large as Core's file write buffer (256 KiB), a chunk reaches the file without a copy.
    /// </summary>
    public int TransferBufferBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// The 220 greeting, one entry per line; the last line ends the multi-line reply. Placeholders filled per
    /// session: {address} (the server address the client reached), {date} (yyyy-MM-dd) and {time} (HH:mm:ss, UTC).
    /// </summary>
    public IList<string> Banner { get; set; } = ["FTPS server ready"];

    /// <summary>Lines shown at the start of the 230 reply after a successful login.</summary>
    public IList<string> LoginMessage { get; set; } = [];

    /// <summary>Reply texts that differ from the engine's own (the ECuRep AIX wording), by <see cref="FtpReplyTexts"/> member name, case ignored.</summary>
    public Dictionary<string, string> Replies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A copy to change for another listener; the lists and <see cref="Replies"/> are shared with this one.</summary>
    public FtpServerOptions Clone() => (FtpServerOptions)MemberwiseClone();

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

        check.Require(BindAddress is not null, nameof(BindAddress), "must be an IP address ('::' or '0.0.0.0' for every interface)");
        check.Require(Port is >= 0 and <= 65535, nameof(Port), $"must be between 0 and 65535, 0 for an ephemeral port (was {Port})");
        check.Require(ListenBacklog is >= 1 and <= 65535, nameof(ListenBacklog), $"must be between 1 and 65535 (was {ListenBacklog})");
        ValidatePassivePorts(check.Require);
        check.Require(
            PassiveAddress is null || PassiveAddress.AddressFamily == AddressFamily.InterNetwork,
            nameof(PassiveAddress),
            $"'{PassiveAddress}' is not an IPv4 address (PASV replies can only carry IPv4)");
        check.Require(Enum.IsDefined(Rfc4217Level), nameof(Rfc4217Level), $"must be Full or Draft (was {Rfc4217Level})");
        check.RequirePositive(IdleTimeout, nameof(IdleTimeout));
        check.RequirePositive(LoginGraceTime, nameof(LoginGraceTime));
        check.RequirePositive(DataConnectionAcceptTimeout, nameof(DataConnectionAcceptTimeout));
        check.RequirePositive(DataTimeout, nameof(DataTimeout));
        check.RequirePositive(TlsHandshakeTimeout, nameof(TlsHandshakeTimeout));

        // Keepalive works in whole seconds, and a probe interval needs at least two of them.
        check.Require(
            DeadClientTimeout == TimeSpan.Zero || DeadClientTimeout >= TimeSpan.FromSeconds(2),
            nameof(DeadClientTimeout),
            $"must be 0 (the system's defaults) or at least 2 seconds (was {DeadClientTimeout})");
        check.Require(ControlCloseSettleTime >= TimeSpan.Zero, nameof(ControlCloseSettleTime), $"must not be negative (was {ControlCloseSettleTime})");
        check.Require(MaxCommandLineBytes is >= 512 and <= 1024 * 1024, nameof(MaxCommandLineBytes), $"must be between 512 and 1048576 (was {MaxCommandLineBytes})");
        check.RequireAtLeastOne(MaxOversizedLines, nameof(MaxOversizedLines));
        check.RequireAtLeastOne(MaxFailedLogins, nameof(MaxFailedLogins));
        check.RequireAtLeastOne(MaxSessions, nameof(MaxSessions));
        check.RequireAtLeastOne(MaxSessionsPerAddress, nameof(MaxSessionsPerAddress));
        ToStartupLimits().Validate(check, nameof(MaxStartups));
        check.RequireAtLeastOne(MaxPassivePortsPerAddress, nameof(MaxPassivePortsPerAddress));
        check.Require(TransferBufferBytes is >= 4096 and <= 4 * 1024 * 1024, nameof(TransferBufferBytes), $"must be between 4096 and 4194304 (was {TransferBufferBytes})");
        ValidateBanner(problems, section);
        ValidateLines(problems, $"{section}:{nameof(LoginMessage)}", LoginMessage);
        foreach (var (name, text) in Replies)
        {
            if (FtpReplyTexts.Problem(name, text) is { } problem)
            {
                problems.Add($"{section}:{nameof(Replies)}:{name}: {problem}.");
            }
        }

        return problems;
    }

    private void ValidatePassivePorts(Action<bool, string, string> require)
    {
        var (min, max) = (PassivePortMin, PassivePortMax);
        if (min == 0 && max == 0)
        {
            return;
        }

        // Ports below 1024 are the system's; a data port there would need privileges or clash with a service.
        var (minValid, maxValid) = (min is >= 1024 and <= 65535, max is >= 1024 and <= 65535);
        require(minValid, nameof(PassivePortMin), $"must be between 1024 and 65535, or 0 together with PassivePortMax for ephemeral ports (was {min})");
        require(maxValid, nameof(PassivePortMax), $"must be between 1024 and 65535, or 0 together with PassivePortMin for ephemeral ports (was {max})");
        if (minValid && maxValid)
        {
            require(min <= max, nameof(PassivePortMin), $"{min} is greater than PassivePortMax {max}");
            require(min > max || Port < min || Port > max, nameof(Port), $"the control port {Port} lies inside the passive port range {min}-{max}");
        }
    }

    private void ValidateBanner(List<string> problems, string section)
    {
        var key = $"{section}:{nameof(Banner)}";
        if (Banner is null || Banner.All(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{key}: must have at least one non-empty line.");
            return;
        }

        if (ValidateLines(problems, key, Banner))
        {
            var bytes = ReplyFormatter.MultiLineByteCount(220, BannerText.Widest(Banner));
            if (bytes > MaxBannerBytes)
            {
                problems.Add($"{key}: the 220 reply would be up to {bytes} bytes with its placeholders filled, more than {MaxBannerBytes}.");
            }
        }
    }

    /// <summary>False when a line is missing or holds a control character (which would end or split the reply).</summary>
    private static bool ValidateLines(List<string> problems, string key, IList<string>? lines)
    {
        var valid = true;
        for (var i = 0; lines is not null && i < lines.Count; i++)
        {
            if (lines[i] is null || lines[i].Any(char.IsControl))
            {
                problems.Add($"{key}:{i}: a reply line must not contain control characters (CR, LF, TAB, ...).");
                valid = false;
            }
        }

        return valid;
    }
}
