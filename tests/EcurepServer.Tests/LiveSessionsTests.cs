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
}
