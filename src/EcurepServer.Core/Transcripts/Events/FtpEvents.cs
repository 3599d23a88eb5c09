namespace EcurepServer.Core.Transcripts.Events;

/// <summary>
/// A command line as received, without its line end. <see cref="Escaped"/>: the bytes were not UTF-8 text without
/// control characters (a Latin-1 name, Telnet IAC bytes before ABOR), so every byte outside printable ASCII is shown as
/// <c>\xHH</c> and a backslash as <c>\\</c>. A PASS argument (except an anonymous user's e-mail) reads <c>****</c>;
/// a line over the length limit is <see cref="TooLong"/> and not kept.
/// </summary>
public sealed record CommandEvent(string Line) : TranscriptEvent
{
    public bool? Escaped { get; init; }

    public bool? TooLong { get; init; }
}

/// <summary>A reply exactly as sent: every line of it (a multi-line reply whole), without line ends.</summary>
public sealed record ReplyEvent(IReadOnlyList<string> Lines) : TranscriptEvent;

/// <summary>
/// A TLS handshake on the control or a data connection: the protocol and cipher suite agreed, the server name the
/// client asked for (SNI), whether it resumed a session, the client certificate's subject; or why it failed.
/// </summary>
public sealed record TlsEvent(string Channel) : TranscriptEvent
{
    public string? Protocol { get; init; }

    public string? CipherSuite { get; init; }

    public string? ServerName { get; init; }

    public bool? Resumed { get; init; }

    public string? ClientCertificate { get; init; }

    public string? Failure { get; init; }
}

/// <summary>A protection level changed: the control channel cleared by CCC, the data channel set private or clear by PROT (or AUTH at the draft level).</summary>
public sealed record ProtectionEvent(string Channel, string Level) : TranscriptEvent;

/// <summary>
/// One data connection, when it ends: passive or active, the client's end, what it carried (upload, download,
/// listing), whether TLS protected it, the bytes moved, how long it was open and how it ended.
/// </summary>
public sealed record DataConnectionEvent(string Mode, string? Peer, string Purpose, bool Protected, long Bytes, double Seconds, string End) : TranscriptEvent;
