using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Transcripts:Enabled=false switches transcripts off (as the benchmarks compare), and a site's own
/// Transcripts:Enabled overrides it: uploads work either way and their receipts still carry the session id.
/// </summary>
public sealed class TranscriptSwitchTests(RandomFile source)
    : ServerTestBase("Transcripts:Enabled=false", "Sites:Americas:Transcripts:Enabled=true"), IClassFixture<RandomFile>
{
    private const string TransferId = "E-SWIT12345a";
    private const string Password = "switch-password-1";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task Only_the_site_that_switched_transcripts_on_writes_them()
    {
        var europe = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), source.Directory);
        var americas = new SftpClients(await Server.ListeningEndPointAsync("Americas", "sftp"), source.Directory);

        var off = await europe.ParamikoAsync(TransferId, Password, source.FilePath, "toibm/aix/TS012345678_off.bin");
        var on = await americas.ParamikoAsync(TransferId, Password, source.FilePath, "toibm/aix/TS012345678_on.bin");

        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.True(on.ExitCode == 0, on.ToString());
        var receipts = (await Server.ReceiptsAsync()).ToDictionary(r => r.GetProperty("site").GetString()!, r => r.GetProperty("sessionId").GetString()!);
        Assert.Equal(["Americas", "Europe"], receipts.Keys.Order());
        Assert.NotEqual("", receipts["Europe"]);
        var transcript = await Server.TranscriptAsync(receipts["Americas"]);
        Assert.Contains(transcript, line => line.Contains("upload /toibm/aix/TS012345678_on.bin delivered", StringComparison.Ordinal));
        Assert.Equal([receipts["Americas"]], (await Server.SessionsAsync()).Select(s => s.GetProperty("id").GetString()));
    }
}
