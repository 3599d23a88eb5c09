using System.Security.Cryptography;
using EcurepServer.Sftp.Tests.Support;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>
/// OpenSSH's own sftp client against the subsystem, connected with <c>sftp -D</c> to this assembly serving
/// stdin/stdout: the client's real requests, without an SSH transport (that is the SSH engine's part).
/// </summary>
public sealed class OpenSshClientTests : IAsyncLifetime
{
    private readonly SftpFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    [Fact]
    public async Task Put_cd_ls_and_refused_get_and_mkdir()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var source = Path.Combine(_fixture.DataDirectory, "source.bin");
        await File.WriteAllBytesAsync(source, data);

        var result = await RunSftpAsync(
            "pwd",
            "cd toibm/aix",
            "pwd",
            $"put {source} TS012345678_logs.zip",
            "-ls",
            $"-get TS012345678_logs.zip {source}.back",
            "-mkdir sub",
            "cd ..",
            "ls");

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Contains("Remote working directory: /toibm/aix", result.AllOutput, StringComparison.Ordinal);
        Assert.Contains("0-README.txt", result.AllOutput, StringComparison.Ordinal);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "TS012345678_logs.zip")));
        var receipt = Assert.Single(await _fixture.ReadReceiptsAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), receipt.Sha256);
        Assert.Equal("sftp", receipt.Protocol);
        Assert.False(File.Exists(source + ".back"));
        Assert.False(Directory.Exists(_fixture.Delivered("aix", "sub")));
    }

    [Fact]
    public async Task Reput_completes_an_interrupted_upload()
    {
        var data = RandomNumberGenerator.GetBytes(1024 * 1024);
        var source = Path.Combine(_fixture.DataDirectory, "source.bin");
        await File.WriteAllBytesAsync(source, data);
        var killed = await _fixture.StartInitializedAsync();
        var handle = await killed.OpenHandleAsync("/toibm/aix/big.zip", Write | Create | Truncate);
        ExpectOk(await killed.WriteAsync(handle, 0, data.AsSpan(0, 150_000)));
        ExpectOk(await killed.WriteAsync(handle, 150_000, data.AsSpan(150_000, 150_000)));
        await killed.EndAsync();

        var result = await RunSftpAsync($"reput {source} /toibm/aix/big.zip");

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Equal(data, await File.ReadAllBytesAsync(_fixture.Delivered("aix", "big.zip")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), Assert.Single(await _fixture.ReadReceiptsAsync()).Sha256);
    }

    [Fact]
    public async Task Df_shows_the_accounts_quota_and_what_is_left_of_it_not_the_disk()
    {
        var source = Path.Combine(_fixture.DataDirectory, "source.bin");
        await File.WriteAllBytesAsync(source, new byte[1024 * 1024]);

        var result = await RunSftpAsync($"put {source} /toibm/aix/one.bin", "df");

        // In KiB: the 200 GiB quota, 1 MiB used of it, the 100 GiB largest upload available, the rest of the quota.
        Assert.True(result.ExitCode == 0, result.AllOutput);
        var columns = result.AllOutput.Split('\n').SkipWhile(line => !line.Contains("%Capacity", StringComparison.Ordinal)).ElementAt(1)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["209715200", "1024", "104857600", "209714176", "0%"], columns);
    }

    private async Task<ProcessResult> RunSftpAsync(params string[] commands)
    {
        var batch = Path.Combine(_fixture.DataDirectory, "batch.txt");
        await File.WriteAllLinesAsync(batch, commands);
        var server = $"dotnet {typeof(StdioServer).Assembly.Location} serve-stdio {_fixture.DataDirectory}";
        return await ExternalProcess.RunAsync("sftp", ["-b", batch, "-D", server]);
    }
}
