using System.Net;

namespace EcurepServer.Ssh;

/// <summary>
/// Lets the host follow each connection, for example to keep a transcript of it. The library stores nothing it is
/// told here and tells nothing secret: no password, no keyboard-interactive answer, no key material but public key
/// fingerprints.
/// </summary>
public interface ISshSessionObserver
{
    /// <summary>
    /// A connection the server admitted. The returned observer follows it; its <see cref="ISshConnectionObserver.ConnectionId"/>
    /// names the connection in the log scope, to the authenticator and to subsystem handlers.
    /// </summary>
    ISshConnectionObserver Connected(IPEndPoint remoteEndPoint, IPEndPoint localEndPoint);
}

/// <summary>
/// What happens on one connection. The methods are called on the connection's own tasks, in the order things happen;
/// they must return at once and never throw.
/// </summary>
public interface ISshConnectionObserver
{
    string ConnectionId { get; }

    void VersionsExchanged(string clientVersion, string serverVersion);

    /// <summary>One side's KEXINIT of a key exchange: first the client's, then the server's.</summary>
    void KeyExchangeInit(SshKexInit kexInit);

    void KeyExchanged(SshKeyExchange exchange);

    void AuthenticationAttempted(SshAuthAttempt attempt);

    void ChannelOpened(SshChannelOpen open);

    void ChannelRequested(SshChannelRequest request);

    /// <summary>The connection ended; called once, last.</summary>
    void Ended(SshEndReason reason, string? detail);
}

/// <summary>One side's algorithm lists in a KEXINIT; <see cref="Exchange"/> counts from 1, the first key exchange.</summary>
public sealed record SshKexInit(
    bool FromClient,
    int Exchange,
    IReadOnlyList<string> Kex,
    IReadOnlyList<string> HostKey,
    IReadOnlyList<string> CiphersClientToServer,
    IReadOnlyList<string> CiphersServerToClient,
    IReadOnlyList<string> MacsClientToServer,
    IReadOnlyList<string> MacsServerToClient,
    IReadOnlyList<string> CompressionClientToServer,
    IReadOnlyList<string> CompressionServerToClient);

/// <summary>A finished key exchange: what was agreed (no MAC for an AEAD cipher), strict kex, whether EXT_INFO was sent.</summary>
public sealed record SshKeyExchange(
    int Exchange,
    string Kex,
    string HostKey,
    string CipherClientToServer,
    string? MacClientToServer,
    string CipherServerToClient,
    string? MacServerToClient,
    bool StrictKex,
    bool ExtInfo);

public enum SshAuthOutcome
{
    Success,
    Failure,

    /// <summary>A publickey query without signature the server answered with PK_OK.</summary>
    KeyAcceptable,

    /// <summary>A keyboard-interactive request the server answered with its password prompt.</summary>
    Prompted,
}

/// <summary>One authentication request and its answer; for publickey the key's type and SHA-256 fingerprint.</summary>
public sealed record SshAuthAttempt(string User, string Method, SshAuthOutcome Outcome, string? KeyType = null, string? Fingerprint = null, string? Reason = null);

/// <summary>A CHANNEL_OPEN: the channel number given, or why it was refused.</summary>
public sealed record SshChannelOpen(string Type, uint? Channel, string? Refusal);

/// <summary>
/// A CHANNEL_REQUEST: the subsystem name, exec command, environment variable name (never its value) or terminal type,
/// and whether it was served. <see cref="Note"/> says what was done instead (exec and shell get a refusal message).
/// </summary>
public sealed record SshChannelRequest(uint Channel, string Type, string? Argument, bool Served, string? Note);

public enum SshEndReason
{
    /// <summary>The client sent DISCONNECT.</summary>
    ClientDisconnected,

    /// <summary>The client closed the connection with no channel open.</summary>
    ClientClosed,

    /// <summary>The connection ended with a channel open, broke, or the client stopped answering.</summary>
    ClientVanished,

    IdleTimeout,

    /// <summary>No key exchange and authentication within the login grace time.</summary>
    LoginTimeout,

    ServerStop,

    /// <summary>The client broke the protocol or used up its attempts.</summary>
    ProtocolError,

    /// <summary>The server failed.</summary>
    Fault,

    /// <summary>The host's stage hook ended the connection (fault injection).</summary>
    InjectedFault,
}
