namespace EcurepServer.Core.Transcripts.Events;

/// <summary>SSH_FXP_INIT and the VERSION answered.</summary>
public sealed record SftpInitEvent(uint ClientVersion, uint ServerVersion) : TranscriptEvent;

/// <summary>
/// One SFTP request other than WRITE, with what it named (path, rename target, open flags, handle, extension) and the
/// reply: its type, and for STATUS the code and message.
/// </summary>
public sealed record SftpRequestEvent(uint Id, string Request, string Reply) : TranscriptEvent
{
    public string? Path { get; init; }

    public string? Target { get; init; }

    public string? Flags { get; init; }

    public uint? Handle { get; init; }

    public string? Status { get; init; }

    public string? Message { get; init; }
}

/// <summary>
/// Consecutive WRITEs to one handle with the same answer, folded into one event: the request ids and byte range they
/// covered, how many there were and how many bytes they carried.
/// </summary>
public sealed record SftpWritesEvent(uint Handle, uint FirstId, uint LastId, ulong FromOffset, ulong ToOffset, long Count, long Bytes, string Status) : TranscriptEvent
{
    public string? Path { get; init; }

    public string? Message { get; init; }
}
