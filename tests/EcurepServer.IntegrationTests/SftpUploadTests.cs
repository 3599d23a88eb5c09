using System.Net;
using EcurepServer.IntegrationTests.Support;
using Renci.SshNet;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// OpenSSH sftp and scp, curl (libssh2), paramiko and SSH.NET each upload a 50 MiB random file into toibm/aix over
/// SFTP, as a Transfer ID and anonymously; the delivered file, the source and the receipt agree on SHA-256.
/// </summary>
public sealed class SftpUploadTests(RandomFile source) : ServerTestBase, IClassFixture<RandomFile>
{
    private const string TransferId = "E-SFTP12345a";
    private const string Password = "sftp-password-1";
    private const string AnonymousEmail = "tester@example.com";

    private IPEndPoint _endPoint = null!;
    private SftpClients _clients = null!;

    public static TheoryData<string, bool> Clients => new()
    {
        { "sftp", false },
        { "sftp", true },
        { "scp", false },
        { "curl", false },
        { "curl", true },
        { "paramiko", false },
        { "paramiko", true },
        { "sshnet", false },
        { "sshnet", true },
    };

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _endPoint = await Server.ListeningEndPointAsync("Europe", "sftp");
        _clients = new SftpClients(_endPoint, source.Directory);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Client_uploads_50_MiB_and_the_delivery_matches_the_source_and_the_receipt(string client, bool anonymous)
    {
        var (user, password) = anonymous ? ("anonymous", AnonymousEmail) : (TransferId, Password);
        var name = $"TS012345678_{client}_{(anonymous ? "anonymous" : "id")}.bin";

        var result = await UploadAsync(client, user, password, "toibm/aix/" + name);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertDelivered(name, await Server.ReceiptsAsync(), anonymous ? AnonymousEmail : TransferId);
    }

    [Fact]
    public async Task Sftp_cds_into_a_product_and_lists_toibm_but_get_ls_and_mkdir_in_it_are_refused()
    {
        var result = await _clients.SftpAsync(
            TransferId,
            Password,
            "ls /",
            "ls /toibm",
            "cd toibm/aix",
            "pwd",
            "-ls",
            $"put {source.FilePath} listed.bin",
            "ls -l",
            "-get listed.bin",
            "-mkdir newdir",
            "-rm listed.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("/toibm/aix", result.Output, StringComparison.Ordinal);
        Assert.Contains("/toibm/linux", result.Output, StringComparison.Ordinal);
        Assert.Contains("Remote working directory: /toibm/aix", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fromibm", result.Output, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(result.Error, "Permission denied"));

        // After the put, the session lists what it delivered there, and only that.
        Assert.Contains($" {RandomFile.Size} ", result.Output, StringComparison.Ordinal);
        Assert.Contains("listed.bin", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Server.DeliveredFile("aix", "listed.bin")));
        Assert.False(Directory.Exists(Path.Combine(Server.DataDirectory, "uploads", "toibm", "aix", "newdir")));
    }

    [Fact]
    public async Task Legacy_scp_gets_the_refusal_text_and_nothing_is_written()
    {
        var result = await _clients.ScpAsync(TransferId, Password, source.FilePath, "toibm/aix/legacy.bin", legacyProtocol: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Secure Copy", result.Error, StringComparison.Ordinal);
        Assert.Empty(await Server.ReceiptsAsync());
        Assert.False(File.Exists(Server.DeliveredFile("aix", "legacy.bin")));
    }

    [Fact]
    public async Task A_killed_upload_delivers_nothing_and_reput_with_fsync_completes_it()
    {
        const string name = "TS012345678_resumed.bin";
        using (var slow = _clients.StartSftp(TransferId, Password, limitKbitPerSecond: 16_000, $"put {source.FilePath} toibm/aix/{name}"))
        {
            await WaitUntilAsync(() => Server.PartialBytes("aix", name) > 0);
            slow.Kill(entireProcessTree: true);
            await slow.WaitForExitAsync();
        }

        await Server.WaitForLogAsync("SFTP session ended");
        Assert.False(File.Exists(Server.DeliveredFile("aix", name)));
        Assert.Empty(await Server.ReceiptsAsync());
        Assert.InRange(Server.PartialBytes("aix", name), 1, RandomFile.Size - 1);

        var resumed = await _clients.SftpAsync(TransferId, Password, $"reput -f {source.FilePath} toibm/aix/{name}");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        AssertDelivered(name, await Server.ReceiptsAsync(), TransferId);
    }

    private void AssertDelivered(string name, IReadOnlyList<System.Text.Json.JsonElement> receipts, string account)
    {
        var delivered = Server.DeliveredFile("aix", name);
        Assert.True(File.Exists(delivered), $"{name} was not delivered.\n{Server.Log}");
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(delivered));
        var receipt = Assert.Single(receipts, r => r.GetProperty("path").GetString() == "/toibm/aix/" + name);
        Assert.Equal(source.Sha256, receipt.GetProperty("sha256").GetString());
        Assert.Equal(RandomFile.Size, receipt.GetProperty("size").GetInt64());
        Assert.Equal(account, receipt.GetProperty("account").GetString());
        Assert.Equal("sftp", receipt.GetProperty("protocol").GetString());
    }

    private Task<ProcessResult> UploadAsync(string client, string user, string password, string remotePath) => client switch
    {
        "sftp" => _clients.SftpAsync(user, password, $"put {source.FilePath} {remotePath}"),
        "scp" => _clients.ScpAsync(user, password, source.FilePath, remotePath),
        "curl" => _clients.CurlAsync(user, password, source.FilePath, remotePath),
        "paramiko" => _clients.ParamikoAsync(user, password, source.FilePath, remotePath),
        "sshnet" => SshNetUploadAsync(user, password, remotePath),
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, null),
    };

    private async Task<ProcessResult> SshNetUploadAsync(string user, string password, string remotePath)
    {
        using var client = new SftpClient(_endPoint.Address.ToString(), _endPoint.Port, user, password);
        await client.ConnectAsync(CancellationToken.None);
        await using (var file = File.OpenRead(source.FilePath))
        {
            await Task.Run(() => client.UploadFile(file, "/" + remotePath));
        }

        client.Disconnect();
        return new ProcessResult(0, "", "");
    }

    private static int CountOf(string text, string value) => text.Split(value).Length - 1;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
