using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Transcripts;

namespace EcurepServer.Tests;

public sealed class LiveSessionsTests
{
    [Fact]
    public void ASessionIsFollowedFromItsStartThroughItsLoginToItsEndWithoutATranscript()
    {
        var live = new LiveSessions();
        var id = SessionIds.New(DateTimeOffset.UtcNow);
        var transcript = live.Follow(null).Open(id);
        Assert.False(transcript.IsEnabled);

        transcript.Write(new SessionStartEvent("sftp", "Americas", "198.51.100.9:50000", "127.0.0.1:2242"));
        var started = Assert.Single(live.Connected);
        Assert.Equal((id, "sftp", "Americas", "198.51.100.9:50000", null), (started.Id, started.Protocol, started.Site, started.ClientAddress, started.Account));

        transcript.Write(new LoginEvent("anonymous", true, true, "guest@example.com", null));
        Assert.Equal(("guest@example.com", true), (live.Connected[0].Account, live.Connected[0].Anonymous));

        transcript.End(EndReasons.Quit);
        Assert.Empty(live.Connected);
    }

    [Fact]
    public async Task ASessionTheHostEndsEndsWithTheHostsReasonWhateverTheEngineSays()
    {
        var live = new LiveSessions();
        var recorded = new RecordingSink();
        var id = SessionIds.New(DateTimeOffset.UtcNow);
        var transcript = live.Follow(recorded).Open(id);
        transcript.Write(new SessionStartEvent("ftps", "Europe", "192.0.2.7:40000", "127.0.0.1:2121"));
        live.AddListener((sessionId, _) => false);
        live.AddListener((sessionId, _) =>
        {
            transcript.End(EndReasons.ServerStop);
            return sessionId == id;
        });

        Assert.Equal(1, await live.EndAsync([id, "20261203T081502Z-0000"], EndReasons.Reset, TimeSpan.FromSeconds(20), CancellationToken.None));

        Assert.Equal(EndReasons.Reset, recorded.EndReason);
        Assert.Empty(live.Connected);
    }

    private sealed class RecordingSink : ITranscriptSink
    {
        public string? EndReason { get; private set; }

        public SessionTranscript Open(string sessionId) => new Recording(this);

        private sealed class Recording(RecordingSink sink) : SessionTranscript
        {
            public override bool IsEnabled => true;

            public override void Write(TranscriptEvent transcriptEvent)
            {
            }

            public override void End(string reason, string? detail = null) => sink.EndReason ??= reason;
        }
    }
}
