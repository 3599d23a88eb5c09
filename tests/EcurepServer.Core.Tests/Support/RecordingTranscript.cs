using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Core.Tests.Support;

/// <summary>A transcript that keeps its events in memory, for tests of what Core notes in it.</summary>
public sealed class RecordingTranscript : SessionTranscript
{
    private readonly Lock _lock = new();
    private readonly List<TranscriptEvent> _events = [];

    public override bool IsEnabled => true;

    public IReadOnlyList<TranscriptEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public override void Write(TranscriptEvent transcriptEvent)
    {
        lock (_lock)
        {
            _events.Add(transcriptEvent);
        }
    }

    public override void End(string reason, string? detail = null) => Write(new SessionEndEvent(reason, detail));
}
