using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>A logged-in FTPS client that stays silent past the site's idle timeout: the transcript ends with that reason.</summary>
public sealed class IdleSessionTranscriptTests : IAsyncLifetime
{
    private const string TransferId = "E-IDLE12345a";
    private const string Password = "idle-password-1";

    private readonly ServerProcess _server = ServerProcess.Create("Sites:Europe:Ftps:IdleTimeout=00:00:02");

    public async Task InitializeAsync()
    {
        await _server.AddAccountAsync(TransferId, Password);
        await _server.StartAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task An_idle_session_is_closed_and_its_transcript_ends_with_the_idle_timeout()
    {
        await using var client = await RawFtpsClient.ConnectAsync(_server.ControlEndPoint);
        await client.LoginAsync(TransferId, Password);

        Assert.Equal(421, (await client.ReadReplyAsync()).Code);
        Assert.True(await client.ClosedByServerAsync());

        var transcript = await _server.TranscriptAsync(Assert.Single(await _server.SessionsAsync()).GetProperty("id").GetString()!);
        Assert.Contains("> PASS ****", transcript);
        Assert.StartsWith("< 421 ", transcript[^2], StringComparison.Ordinal);
        Assert.Contains("ended: idle-timeout", transcript[^1], StringComparison.Ordinal);
        Assert.Equal("idle-timeout", Assert.Single(await _server.SessionsAsync()).GetProperty("endReason").GetString());
    }
}
