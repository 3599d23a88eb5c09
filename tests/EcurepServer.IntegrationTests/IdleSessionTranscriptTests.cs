using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>A logged-in FTPS client that stays silent past the site's idle timeout: the transcript ends with that reason.</summary>
public sealed class IdleSessionTranscriptTests() : ServerTestBase("Sites:Europe:Ftps:IdleTimeout=00:00:02")
{
    private const string TransferId = "E-IDLE12345a";
    private const string Password = "idle-password-1";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task An_idle_session_is_closed_and_its_transcript_ends_with_the_idle_timeout()
    {
        await using var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);
        await client.SecureLoginAsync(TransferId, Password);

        Assert.Equal(421, (await client.ReadReplyAsync()).Code);
        Assert.True(await client.IsClosedByServerAsync());

        var transcript = await Server.TranscriptAsync(Assert.Single(await Server.SessionsAsync()).GetProperty("id").GetString()!);
        Assert.Contains("> PASS ****", transcript);
        Assert.StartsWith("< 421 ", transcript[^2], StringComparison.Ordinal);
        Assert.Contains("ended: idle-timeout", transcript[^1], StringComparison.Ordinal);
        Assert.Equal("idle-timeout", Assert.Single(await Server.SessionsAsync()).GetProperty("endReason").GetString());
    }
}
