using System.Diagnostics;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// A client killed mid-upload, and the server stopped (SIGTERM) mid-upload: nothing is delivered, no receipt is
/// written, what arrived is kept aside for a resume, and the session's transcript ends with that reason.
/// </summary>
public sealed class InterruptedUploadTests(RandomFile source) : ServerTestBase("ShutdownGracePeriod=00:00:01"), IClassFixture<RandomFile>
{
    private const string TransferId = "E-BREAK1234a";
    private const string Password = "interrupted-password-1";
    private const string Name = "TS012345678_interrupted.bin";

    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(30);

    private Process? _curl;

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public override async Task DisposeAsync()
    {
        if (_curl is not null)
        {
            if (!_curl.HasExited)
            {
                _curl.Kill(entireProcessTree: true);
            }

            await _curl.WaitForExitAsync();
            _curl.Dispose();
        }

        await base.DisposeAsync();
    }

    [Theory]
    [InlineData("--ssl-reqd")]
    [InlineData("--ftp-ssl-control")]
    public async Task Killed_client_delivers_nothing_and_writes_no_receipt(string tlsOption)
    {
        var curl = await StartSlowUploadAsync(tlsOption);

        curl.Kill(entireProcessTree: true);
        await curl.WaitForExitAsync();

        var kept = await Server.WaitForLogAsync($@"Upload of /toibm/aix/{Regex.Escape(Name)} ended without commit; kept (\d+) bytes", ArrivalTimeout);
        Assert.True(long.Parse(kept.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < RandomFile.Size);
        await AssertNothingDeliveredAsync();
        await AssertEndedAsync("client-vanished");
    }

    [Fact]
    public async Task Server_stopped_by_sigterm_delivers_nothing_and_writes_no_receipt()
    {
        var curl = await StartSlowUploadAsync("--ssl-reqd");

        Assert.Equal(0, await Server.StopAsync(TimeSpan.FromSeconds(30)));

        Assert.Matches($@"Upload of /toibm/aix/{Regex.Escape(Name)} ended without commit; kept \d+ bytes", Server.Log);
        await curl.WaitForExitAsync().WaitAsync(ArrivalTimeout);
        Assert.NotEqual(0, curl.ExitCode);
        await AssertNothingDeliveredAsync();
        await AssertEndedAsync("server-stop");
    }

    /// <summary>Starts curl at 2 MB/s (25 seconds for the file) and waits until its first bytes are on the server's disk.</summary>
    private async Task<Process> StartSlowUploadAsync(string tlsOption)
    {
        var url = $"ftp://{Server.ControlEndPoint.Address}:{Server.ControlEndPoint.Port}/toibm/aix/{Name}";
        _curl = ExternalProcess.Start("curl", [tlsOption, "-k", "-sS", "--limit-rate", "2M", "-T", source.FilePath, "--user", $"{TransferId}:{Password}", url], source.Directory);
        using var deadline = new CancellationTokenSource(ArrivalTimeout);
        while (Server.PartialBytes("aix", Name) == 0)
        {
            if (_curl.HasExited)
            {
                Assert.Fail($"curl ended before its upload began: {await _curl.StandardError.ReadToEndAsync()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }

        return _curl;
    }

    /// <summary>The transcript of the one session ends with <paramref name="reason"/>, after noting the upload kept for a resume.</summary>
    private async Task AssertEndedAsync(string reason)
    {
        var session = Assert.Single(await Server.SessionsAsync());
        var transcript = await Server.TranscriptAsync(session.GetProperty("id").GetString()!);
        Assert.Contains(transcript, line => line.Contains($"upload /toibm/aix/{Name} kept", StringComparison.Ordinal));
        Assert.Contains($"ended: {reason}", transcript[^1], StringComparison.Ordinal);
        Assert.True(session.GetProperty("failed").GetBoolean());
    }

    private async Task AssertNothingDeliveredAsync()
    {
        Assert.False(File.Exists(Server.DeliveredFile("aix", Name)));
        Assert.Empty(await Server.ReceiptsAsync());
        Assert.False(File.Exists(Path.Combine(Server.DataDirectory, "receipts.jsonl")));
        Assert.InRange(Server.PartialBytes("aix", Name), 1, RandomFile.Size - 1);
    }
}
