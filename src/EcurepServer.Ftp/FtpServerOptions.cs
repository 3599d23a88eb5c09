using System.Net;

namespace EcurepServer.Ftp;

/// <summary>Settings of one FTP/FTPS listener. Every limit has a safe default; <see cref="Validate"/> names a bad value.</summary>
public sealed class FtpServerOptions
{
    /// <summary>The site name shown in STAT and carried into logs and receipts.</summary>
    public string SiteName { get; set; } = "ecurep";

    /// <summary>Null means IPv6 any in dual mode, falling back to IPv4 any when the host has no IPv6.</summary>
    public IPAddress? BindAddress { get; set; }

    /// <summary>Control port; 0 lets the OS choose (see <see cref="FtpServer.LocalEndPoint"/>).</summary>
    public int Port { get; set; } = 2121;

    /// <summary>Passive port range; 0/0 means OS-chosen ephemeral ports.</summary>
    public int PassivePortMin { get; set; } = 65024;

    public int PassivePortMax { get; set; } = 65535;

    /// <summary>Address advertised in the 227 reply (for NAT); null means the control connection's local address.</summary>
    public IPAddress? PassiveAddress { get; set; }

    /// <summary>Refuse login and file commands until AUTH TLS has secured the control channel.</summary>
    public bool RequireTls { get; set; } = true;

    /// <summary>The RFC 4217 level: decides what AUTH SSL/TLS-P imply and whether CCC exists.</summary>
    public Rfc4217Level TlsLevel { get; set; } = Rfc4217Level.Full;

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
    /// Passive ports one client address may hold at once, counted over every server sharing the pool; a port is held
    /// from PASV/EPSV until its data connection arrives or the accept timeout gives it back.
    /// </summary>
    public int MaxPassivePortsPerAddress { get; set; } = 8;

    /// <summary>Upload buffer size; one pooled buffer per transfer.</summary>
    public int TransferBufferBytes { get; set; } = 128 * 1024;

    /// <summary>
    /// The 220 greeting, one entry per line; the last line ends the multi-line reply. Placeholders filled per
    /// session: {address} (the server address the client reached), {date} (yyyy-MM-dd) and {time} (HH:mm:ss, UTC).
    /// </summary>
    public IList<string> Banner { get; set; } = ["FTPS server ready"];

    /// <summary>Lines shown at the start of the 230 reply after a successful login.</summary>
    public IList<string> LoginMessage { get; set; } = [];

    public FtpReplyTexts Replies { get; set; } = new();

    /// <summary>The greeting must fit one 2 KiB read (sslyze, testssl.sh read it that way).</summary>
    internal const int MaxBannerBytes = 2048;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(SiteName), nameof(SiteName), "must not be empty");
        Require(Port is >= 0 and <= 65535, nameof(Port), "must be 0-65535");
        Require(PassivePortMin is >= 0 and <= 65535, nameof(PassivePortMin), "must be 0-65535");
        Require(PassivePortMax is >= 0 and <= 65535, nameof(PassivePortMax), "must be 0-65535");
        Require(PassivePortMin <= PassivePortMax, nameof(PassivePortMin), "must not exceed PassivePortMax");
        Require((PassivePortMin == 0) == (PassivePortMax == 0), nameof(PassivePortMin), "must be 0 together with PassivePortMax");
        Require(PassivePortMin == 0 || PassivePortMin >= 1024, nameof(PassivePortMin), "must be 1024 or above");
        Require(IdleTimeout > TimeSpan.Zero, nameof(IdleTimeout), "must be positive");
        Require(LoginGraceTime > TimeSpan.Zero, nameof(LoginGraceTime), "must be positive");
        Require(DataConnectionAcceptTimeout > TimeSpan.Zero, nameof(DataConnectionAcceptTimeout), "must be positive");
        Require(DataTimeout > TimeSpan.Zero, nameof(DataTimeout), "must be positive");
        Require(DeadClientTimeout == TimeSpan.Zero || DeadClientTimeout >= TimeSpan.FromSeconds(2), nameof(DeadClientTimeout), "must be 0 (the system's defaults) or at least 2 seconds");
        Require(TlsHandshakeTimeout > TimeSpan.Zero, nameof(TlsHandshakeTimeout), "must be positive");
        Require(ControlCloseSettleTime >= TimeSpan.Zero, nameof(ControlCloseSettleTime), "must not be negative");
        Require(MaxCommandLineBytes is >= 512 and <= 1024 * 1024, nameof(MaxCommandLineBytes), "must be 512 bytes to 1 MiB");
        Require(MaxOversizedLines >= 1, nameof(MaxOversizedLines), "must be at least 1");
        Require(MaxFailedLogins >= 1, nameof(MaxFailedLogins), "must be at least 1");
        Require(MaxSessions >= 1, nameof(MaxSessions), "must be at least 1");
        Require(MaxSessionsPerAddress >= 1, nameof(MaxSessionsPerAddress), "must be at least 1");
        Require(MaxPassivePortsPerAddress >= 1, nameof(MaxPassivePortsPerAddress), "must be at least 1");
        Require(TransferBufferBytes is >= 4096 and <= 4 * 1024 * 1024, nameof(TransferBufferBytes), "must be 4 KiB to 4 MiB");
        Require(Banner.Count > 0, nameof(Banner), "must have at least one line");
        Require(Banner.All(IsSingleLine) && LoginMessage.All(IsSingleLine), nameof(Banner), "lines must not contain CR or LF");
        Require(Enum.IsDefined(TlsLevel), nameof(TlsLevel), "must be Full or Draft");
        Require(Protocol.ReplyFormatter.MultiLineByteCount(220, Session.BannerText.Widest(Banner)) <= MaxBannerBytes, nameof(Banner), $"must fit in {MaxBannerBytes} bytes");
        Replies.Validate();
    }

    private static bool IsSingleLine(string line) => line.AsSpan().IndexOfAny('\r', '\n') < 0;

    internal static void Require(bool condition, string name, string reason)
    {
        if (!condition)
        {
            throw new ArgumentException($"Ftp option {name} {reason}.", name);
        }
    }
}
