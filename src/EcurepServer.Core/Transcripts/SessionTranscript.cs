using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Core.Transcripts;

/// <summary>
/// One session's transcript. <see cref="Write"/> stamps the event and hands it on without waiting; callers that would
/// build an event at some cost check <see cref="IsEnabled"/> first. <see cref="End"/> writes the last event; anything
/// written after it is ignored.
/// </summary>
public abstract class SessionTranscript
{
    /// <summary>No transcript: writes go nowhere.</summary>
    public static SessionTranscript None { get; } = new NoTranscript();

    public abstract bool IsEnabled { get; }

    public abstract void Write(TranscriptEvent transcriptEvent);

    /// <summary>Ends the transcript with why the session ended (one of <see cref="EndReasons"/>); only the first call counts.</summary>
    public abstract void End(string reason, string? detail = null);

    private sealed class NoTranscript : SessionTranscript
    {
        public override bool IsEnabled => false;

        public override void Write(TranscriptEvent transcriptEvent)
        {
        }

        public override void End(string reason, string? detail = null)
        {
        }
    }
}
