using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Transcripts:Enabled=false switches transcripts off (as the benchmarks compare), and a site's own
/// Transcripts:Enabled overrides it: uploads work either way and their receipts still carry the session id.
/// </summary>
public sealed class TranscriptSwitchTests(RandomFile source) : IClassFixture<RandomFile>, IAsyncLifetime
{
    private const string TransferId = "E-SWIT12345a";
    private const string Password = "switch-password-1";

    private readonly ServerProcess _server = ServerProcess.Create("Transcripts:Enabled=false", "Sites:Americas:Transcripts:Enabled=true");

    public async Task InitializeAsync()
    {
        await _server.AddAccountAsync(TransferId, Password);
        await _server.StartAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Only_the_site_that_switched_transcripts_on_writes_them()
    {
        var europe = new SftpClients(await _server.ListeningEndPointAsync("Europe", "sftp"), source.Directory);
        var americas = new SftpClients(await _server.ListeningEndPointAsync("Americas", "sftp"), source.Directory);

        var off = await europe.ParamikoAsync(TransferId, Password, source.FilePath, "toibm/aix/TS012345678_off.bin");
        var on = await americas.ParamikoAsync(TransferId, Password, source.FilePath, "toibm/aix/TS012345678_on.bin");

        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.True(on.ExitCode == 0, on.ToString());
        var receipts = (await _server.ReceiptsAsync()).ToDictionary(r => r.GetProperty("site").GetString()!, r => r.GetProperty("sessionId").GetString()!);
        Assert.Equal(["Americas", "Europe"], receipts.Keys.Order());
        Assert.NotEqual("", receipts["Europe"]);
        var transcript = await _server.TranscriptAsync(receipts["Americas"]);
        Assert.Contains(transcript, line => line.Contains("upload /toibm/aix/TS012345678_on.bin delivered", StringComparison.Ordinal));
        Assert.Equal([receipts["Americas"]], (await _server.SessionsAsync()).Select(s => s.GetProperty("id").GetString()));
    }
}
