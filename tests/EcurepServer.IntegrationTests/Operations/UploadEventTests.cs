using System.Security.Cryptography;
using System.Text;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Operations;

/// <summary>
/// Upload events from the built server to a webhook receiver in the test: one signed POST per upload whose body is
/// the receipt, and at-least-once delivery across a receiver outage and a server restart.
/// </summary>
public sealed class UploadEventTests : IAsyncLifetime
{
    private const string TransferId = "E-EVENTS001a";
    private const string Password = "events-password-1";
    private const string Secret = "webhook-secret-0123456789";

    private readonly TempDirectory _source = new();
    private readonly WebhookReceiver _receiver = new();
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _server = ServerProcess.Create(
            "Events:Sinks:hook:Type=webhook",
            $"Events:Sinks:hook:Url={_receiver.Url}",
            $"Events:Sinks:hook:Secret={Secret}",
            "Events:Sinks:hook:Timeout=00:00:05",
            "Events:FirstRetryDelay=00:00:00.2",
            "Events:MaxRetryDelay=00:00:01",
            "Receipts:ExportPath=data/receipts.jsonl");
        await _server.AddAccountAsync(TransferId, Password);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _receiver.Dispose();
        await _server.DisposeAsync();
        _source.Dispose();
    }

    [Fact]
    public async Task Every_upload_is_posted_once_signed_with_the_receipt_as_body_also_across_a_20_s_outage_and_a_restart()
    {
        await UploadFtpsAsync("TS000000011_ftps.bin");
        await UploadSftpAsync("TS000000012_sftp.bin");
        await Eventually.TrueAsync(() => _receiver.Requests.Count == 2, "two POSTs");

        var receipts = ReceiptLines();
        Assert.Equal(2, receipts.Count);
        foreach (var request in _receiver.Requests)
        {
            Assert.Equal("POST /hook HTTP/1.1", request.RequestLine);
            Assert.Equal("application/json", request.Headers["Content-Type"]);
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body)), request.Headers["X-Ecurep-Signature"]);
            Assert.Equal("upload.delivered", request.Headers["X-Ecurep-Event"]);
            Assert.Contains(Encoding.UTF8.GetString(request.Body), receipts);
        }

        Assert.Equal(2, _receiver.Requests.Select(request => request.Headers["X-Ecurep-Event-Id"]).Distinct().Count());

        // The receiver goes down for 20 s; uploads go on, and the server restarts meanwhile.
        _receiver.Stop();
        var down = DateTime.UtcNow;
        await UploadFtpsAsync("TS000000013_ftps.bin");
        await UploadSftpAsync("TS000000014_sftp.bin");
        Assert.Contains("TS000000013_ftps.bin", (await _server.CliAsync(null, "events", "list", "--pending")).Output, StringComparison.Ordinal);
        await _server.RestartAsync();
        await UploadSftpAsync("TS000000015_sftp.bin");
        var left = TimeSpan.FromSeconds(20) - (DateTime.UtcNow - down);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        Assert.Equal(2, _receiver.Requests.Count);
        _receiver.Start();
        await Eventually.TrueAsync(() => Posted().Count == 5, "every upload's event after the receiver is back", TimeSpan.FromSeconds(60));

        var posted = Posted();
        receipts = ReceiptLines();
        Assert.Equal(5, receipts.Count);
        Assert.All(receipts, receipt => Assert.Contains(receipt, posted.Keys));
        Assert.All(posted.Values, ids => Assert.Single(ids));
        Assert.Equal(5, posted.Values.Select(ids => ids.Single()).Distinct().Count());
        await Eventually.TrueAsync(() => _server.CliAsync(null, "events", "list", "--pending").Result.Output.Contains("No events match.", StringComparison.Ordinal), "no pending event");
        var failed = await _server.CliAsync(null, "events", "list", "--failed");
        Assert.Contains("No events match.", failed.Output, StringComparison.Ordinal);
    }

    /// <summary>Each body posted, with the distinct event ids it came with (a retry may repeat an id, never change it).</summary>
    private Dictionary<string, HashSet<string>> Posted() =>
        _receiver.Requests
            .GroupBy(request => Encoding.UTF8.GetString(request.Body))
            .ToDictionary(group => group.Key, group => group.Select(request => request.Headers["X-Ecurep-Event-Id"]).ToHashSet());

    private List<string> ReceiptLines() =>
        [.. File.ReadAllLines(Path.Combine(_server.DataDirectory, "receipts.jsonl")).Where(line => line.Length > 0)];

    private async Task UploadFtpsAsync(string name)
    {
        var file = Path.Combine(_source.Path, name);
        File.WriteAllBytes(file, RandomNumberGenerator.GetBytes(10_000));
        var result = await FtpsCurl.UploadAsync(await _server.ListeningEndPointAsync("Europe"), TransferId, Password, file, "toibm/aix/" + name);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private async Task UploadSftpAsync(string name)
    {
        File.WriteAllBytes(Path.Combine(_source.Path, name), RandomNumberGenerator.GetBytes(10_000));
        var result = await new SftpClients(await _server.ListeningEndPointAsync("Europe", "sftp"), _source.Path)
            .SftpAsync(TransferId, Password, $"put {name} toibm/aix/{name}");
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
