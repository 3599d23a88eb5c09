using System.Net;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The server stopped (SIGTERM) while OpenSSH's sftp uploads: after the grace period the session is ended, nothing
/// is delivered, no receipt is written, what arrived is kept aside for a reput, and the transcript ends with the stop.
/// </summary>
public sealed class SftpServerStopTests(RandomFile source) : ServerTestBase("ShutdownGracePeriod=00:00:01"), IClassFixture<RandomFile>
{
    private const string TransferId = "E-STOP12345a";
    private const string Password = "sftp-stop-password-1";
    private const string Name = "TS012345678_stopped.bin";

    private SftpClients _clients = null!;

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        IPEndPoint endPoint = await Server.ListeningEndPointAsync("Europe", "sftp");
        _clients = new SftpClients(endPoint, source.Directory);
    }

    [Fact]
    public async Task Server_stopped_mid_upload_delivers_nothing_and_keeps_the_partial()
    {
        using var slow = _clients.StartSftp(TransferId, Password, limitKbitPerSecond: 4_000, $"put {source.FilePath} toibm/aix/{Name}");
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (Server.PartialBytes("aix", Name) == 0)
            {
                Assert.False(slow.HasExited, "sftp ended before its upload began.");
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }

        Assert.Equal(0, await Server.StopAsync(TimeSpan.FromSeconds(30)));

        Assert.Matches($@"Upload of /toibm/aix/{Regex.Escape(Name)} ended without commit; kept \d+ bytes", Server.Log);
        await slow.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, slow.ExitCode);
        Assert.False(File.Exists(Server.DeliveredFile("aix", Name)));
        Assert.Empty(await Server.ReceiptsAsync());
        Assert.InRange(Server.PartialBytes("aix", Name), 1, RandomFile.Size - 1);
        var transcript = await Server.TranscriptAsync(Assert.Single(await Server.SessionsAsync()).GetProperty("id").GetString()!);
        Assert.Contains(transcript, line => line.Contains($"upload /toibm/aix/{Name} kept", StringComparison.Ordinal));
        Assert.Contains("ended: server-stop", transcript[^1], StringComparison.Ordinal);
    }
}
