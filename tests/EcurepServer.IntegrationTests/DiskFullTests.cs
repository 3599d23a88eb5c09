using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The data directory on a 16 MiB disk (a tmpfs in the server's own mount namespace): an upload that fills it is
/// refused with a clear reply (FTP 452) and delivered nowhere, what arrived is kept aside for a resume, and once space
/// is freed the server takes uploads again without a restart. The catalog (with the accounts added before the start)
/// stays outside the small disk, which is mounted over the data directory.
/// </summary>
public sealed class DiskFullTests(RandomFile source) : ServerTestBase("Catalog:Path=catalog.db"), IClassFixture<RandomFile>
{
    private const string TransferId = "E-FULL12345a";
    private const string Password = "disk-full-password-1";
    private const long DiskBytes = 16 * 1024 * 1024;

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    protected override Task StartAsync() => Server.StartWithSmallDiskAsync(DiskBytes);

    [Fact]
    public async Task A_full_disk_refuses_the_ftps_upload_with_452_and_the_server_takes_uploads_again_once_space_is_freed()
    {
        await using var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);
        await client.SecureLoginAsync(TransferId, Password);
        var (_, data, _) = await DataTransfers.OpenAsync(client, await client.PassiveAsync(), "STOR toibm/aix/full.bin", protect: true);
        await using (data)
        {
            await SendUntilRefusedAsync(data, 2 * DiskBytes);
        }

        Assert.Equal(["452 The server has no room left to store /toibm/aix/full.bin; please try again later."], (await client.ReadReplyAsync()).Lines);
        var files = await Server.ServerFilesAsync();
        Assert.DoesNotContain($"uploads/toibm/aix/{TransferId}/full.bin", files.Keys);
        Assert.Contains(files, file => file.Key.StartsWith("uploads/toibm/aix/.partial/", StringComparison.Ordinal) && file.Key.EndsWith("/full.bin", StringComparison.Ordinal));
        Assert.DoesNotContain("receipts.jsonl", files.Keys);

        await FreeSpaceAndUploadAsync();
    }

    [Fact]
    public async Task A_full_disk_fails_the_openssh_sftp_upload_and_the_server_takes_uploads_again_once_space_is_freed()
    {
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), source.Directory);

        var result = await clients.SftpAsync(TransferId, Password, $"put {source.FilePath} toibm/aix/full.bin");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Failure", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain($"uploads/toibm/aix/{TransferId}/full.bin", (await Server.ServerFilesAsync()).Keys);
        Assert.Contains("has no room left to store /toibm/aix/full.bin", Server.Log, StringComparison.Ordinal);

        await FreeSpaceAndUploadAsync();
    }

    /// <summary>Writes until the server closes the data connection (it stops reading when the disk is full), at most <paramref name="limit"/> bytes.</summary>
    private static async Task SendUntilRefusedAsync(Stream data, long limit)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            for (long sent = 0; sent < limit; sent += chunk.Length)
            {
                await data.WriteAsync(chunk);
            }

            Assert.Fail($"The server took {limit} bytes on a {DiskBytes}-byte disk.");
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Deletes the kept partials, as an operator would, and checks that a small upload is delivered.</summary>
    private async Task FreeSpaceAndUploadAsync()
    {
        await Server.InServerMountsAsync("rm", "-rf", Path.Combine(Server.DataDirectory, "uploads", "toibm", "aix", ".partial"));
        var small = Path.Combine(source.Directory, "small.bin");
        await File.WriteAllBytesAsync(small, new byte[100_000]);

        var result = await ExternalProcess.RunAsync(
            "curl",
            ["--ssl-reqd", "-k", "-sS", "--user", $"{TransferId}:{Password}", "-T", small, $"ftp://{Server.ControlEndPoint.Address}:{Server.ControlEndPoint.Port}/toibm/aix/after.bin"],
            source.Directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(100_000, (await Server.ServerFilesAsync())[$"uploads/toibm/aix/{TransferId}/after.bin"]);
    }
}
