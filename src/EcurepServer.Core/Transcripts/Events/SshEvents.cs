namespace EcurepServer.Core.Transcripts.Events;

/// <summary>Both identification strings of the SSH version exchange.</summary>
public sealed record SshVersionEvent(string Client, string Server) : TranscriptEvent;

/// <summary>One side's KEXINIT of key exchange number <see cref="Exchange"/> (1 is the first): its algorithm lists as sent.</summary>
public sealed record SshKexInitEvent(
    string Sender,
    int Exchange,
    IReadOnlyList<string> Kex,
    IReadOnlyList<string> HostKey,
    IReadOnlyList<string> CiphersClientToServer,
    IReadOnlyList<string> CiphersServerToClient,
    IReadOnlyList<string> MacsClientToServer,
    IReadOnlyList<string> MacsServerToClient,
    IReadOnlyList<string> CompressionClientToServer,
    IReadOnlyList<string> CompressionServerToClient) : TranscriptEvent;

/// <summary>A finished key exchange: the algorithms agreed (no MAC with an AEAD cipher), strict kex and whether EXT_INFO was sent.</summary>
public sealed record SshKexEvent(
    int Exchange,
    string Kex,
    string HostKey,
    string CipherClientToServer,
    string? MacClientToServer,
    string CipherServerToClient,
    string? MacServerToClient,
    bool StrictKex,
    bool ExtInfo) : TranscriptEvent;

/// <summary>
/// One authentication request: user, method, result ("success", "failure", "key-ok" for a public key the server would
/// accept, "prompt" for a keyboard-interactive prompt), for publickey the key type and SHA-256 fingerprint, and why it
/// failed. Never a password or an answer.
/// </summary>
public sealed record SshAuthEvent(string User, string Method, string Result) : TranscriptEvent
{
    public string? KeyType { get; init; }

    public string? Fingerprint { get; init; }

    public string? Reason { get; init; }
}

/// <summary>A CHANNEL_OPEN: its type, the channel number given when accepted, or why it was refused.</summary>
public sealed record SshChannelEvent(string Type, bool Accepted) : TranscriptEvent
{
    public uint? Channel { get; init; }

    public string? Reason { get; init; }
}

/// <summary>A CHANNEL_REQUEST (subsystem, exec, shell, pty-req, env, ...), its subsystem, command or variable name, and the answer.</summary>
public sealed record SshRequestEvent(uint Channel, string Request, bool Accepted) : TranscriptEvent
{
    public string? Argument { get; init; }

    public string? Reason { get; init; }
}
