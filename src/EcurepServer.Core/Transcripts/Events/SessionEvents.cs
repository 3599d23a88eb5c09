namespace EcurepServer.Core.Transcripts.Events;

/// <summary>A client connected: the front door ("ftps", "ftp", "sftp"), the site and both ends of the connection.</summary>
public sealed record SessionStartEvent(string Protocol, string Site, string Client, string Server) : TranscriptEvent;

/// <summary>The session ended; <see cref="Reason"/> is one of <see cref="EndReasons"/>, <see cref="Detail"/> says more.</summary>
public sealed record SessionEndEvent(string Reason, string? Detail = null) : TranscriptEvent
{
    /// <summary>Events of this session the writer had no room for (it was behind); null when none were lost.</summary>
    public long? DroppedEvents { get; init; }
}

/// <summary>A fault rule fired in this session (fault injection): its id, the point and what it did.</summary>
public sealed record FaultEvent(string Rule, string Point, string Action) : TranscriptEvent;

/// <summary>
/// Core's verdict on a login by password (or anonymous e-mail): <see cref="Account"/> is the Transfer ID, or the
/// e-mail of an anonymous user; <see cref="Failure"/> says why a login failed. The password never appears.
/// </summary>
public sealed record LoginEvent(string User, bool Succeeded, bool Anonymous, string? Account, string? Failure) : TranscriptEvent;

/// <summary>
/// What became of an upload: <see cref="UploadOutcomes"/>. <see cref="Bytes"/> is what this session wrote into it,
/// <see cref="Size"/> the file's whole length; a delivered one has its hash and where it is kept.
/// </summary>
public sealed record UploadEvent(string Path, string Outcome, long Bytes, long Size) : TranscriptEvent
{
    public string? Sha256 { get; init; }

    public string? StoredPath { get; init; }

    public string? Reason { get; init; }
}
