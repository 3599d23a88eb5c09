using System.Collections.Concurrent;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>A transcript sink that keeps every session's events in memory.</summary>
internal sealed class RecordingTranscripts : ITranscriptSink
{
    private readonly ConcurrentDictionary<string, Recording> _sessions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> SessionIds => [.. _sessions.Keys];

    public SessionTranscript Open(string sessionId) => _sessions.GetOrAdd(sessionId, _ => new Recording());

    /// <summary>The events of the only session so far.</summary>
    public IReadOnlyList<TranscriptEvent> Single() => Assert.Single(_sessions.Values).Events;

    /// <summary>Waits until the only session's transcript has ended, and returns its events.</summary>
    public async Task<IReadOnlyList<TranscriptEvent>> EndedAsync()
    {
        await Eventually.TrueAsync(() => _sessions.Values.SingleOrDefault()?.Events.LastOrDefault() is SessionEndEvent, "the session's transcript to end");
        return Single();
    }

    private sealed class Recording : SessionTranscript
    {
        private readonly Lock _lock = new();
        private readonly List<TranscriptEvent> _events = [];
        private bool _ended;

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
                if (!_ended)
                {
                    _events.Add(transcriptEvent);
                }
            }
        }

        public override void End(string reason, string? detail = null)
        {
            lock (_lock)
            {
                if (!_ended)
                {
                    _events.Add(new SessionEndEvent(reason, detail));
                    _ended = true;
                }
            }
        }
    }
}
