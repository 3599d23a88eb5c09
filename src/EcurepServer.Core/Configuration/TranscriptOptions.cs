namespace EcurepServer.Core.Configuration;

/// <summary>
/// Session transcripts, bound from <c>EcurepServer:Transcripts</c>; a site may switch them off with
/// <c>Sites:&lt;Name&gt;:Transcripts:Enabled</c>.
/// </summary>
public sealed class TranscriptOptions
{
    public const string SectionName = "EcurepServer:Transcripts";

    public const int DefaultMaxQueuedEvents = 16_384;

    private const int MinQueuedEvents = 16;
    private const int MaxQueuedEventsLimit = 1_048_576;
    private static readonly TimeSpan MinRetention = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRetention = TimeSpan.FromDays(36500);

    /// <summary>Whether each session's conversation is written to <c>&lt;DataDirectory&gt;/sessions</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a transcript is kept after its last line; unset: as long as delivered uploads (<c>DropBox:Retention</c>).</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>
    /// Events waiting for the background writer. When it falls this far behind, further events are dropped (and
    /// counted) rather than slowing any session down.
    /// </summary>
    public int MaxQueuedEvents { get; set; } = DefaultMaxQueuedEvents;

    /// <summary>The retention that applies: <see cref="Retention"/>, else the upload retention.</summary>
    public TimeSpan RetentionOr(TimeSpan uploadRetention) => Retention ?? uploadRetention;

    /// <summary>Every problem with these settings, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Retention is { } retention && (retention < MinRetention || retention > MaxRetention))
        {
            errors.Add($"{SectionName}:Retention must be between {MinRetention} and {MaxRetention.Days}.00:00:00, not {retention}.");
        }

        if (MaxQueuedEvents < MinQueuedEvents || MaxQueuedEvents > MaxQueuedEventsLimit)
        {
            errors.Add($"{SectionName}:MaxQueuedEvents must be between {MinQueuedEvents} and {MaxQueuedEventsLimit}, not {MaxQueuedEvents}.");
        }

        return errors;
    }
}
