using System.Diagnostics;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// curl (OpenSSL) as the real client: --ftp-ssl-ccc clears the control channel right after PROT P, in curl's
/// passive mode (waits for the server's close_notify) and active mode (sends its own first).
/// </summary>
public sealed class CurlClientTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ecurep-ftp-curl-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("none")]
    [InlineData("passive")]
    [InlineData("active")]
    public async Task Curl_uploads_after_ccc_at_the_full_level(string cccMode)
    {
        await using var server = await TestServer.StartAsync();
        var content = DataTransfers.RandomBytes(300_000);
        var file = Path.Combine(_directory, "34143.055.724.zip");
        await File.WriteAllBytesAsync(file, content);
        string[] ccc = cccMode == "none" ? [] : ["--ftp-ssl-ccc", "--ftp-ssl-ccc-mode", cccMode];

        var (exit, output) = await RunCurlAsync(
            [.. ccc, "--ssl-reqd", "-k", "-v", "-T", file, $"ftp://127.0.0.1:{server.EndPoint.Port}/toibm/aix/", "-u", "E-ABCD12345f:secret"]);

        Assert.True(exit == 0, output);
        Assert.Equal(cccMode != "none", output.Contains("< 200 CCC command successful", StringComparison.Ordinal));
        var delivered = Assert.Single(server.DropBox.Delivered);
        Assert.Equal("/toibm/aix/34143.055.724.zip", delivered.Path.Value);
        Assert.Equal(content, delivered.Bytes);
    }

    [Fact]
    public async Task Curl_goes_on_under_tls_when_ccc_is_refused_at_the_draft_level()
    {
        await using var server = await TestServer.StartAsync(o => o.TlsLevel = Rfc4217Level.Draft);
        var file = Path.Combine(_directory, "TS012345678_logs.zip");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);

        var (exit, output) = await RunCurlAsync(
            "--ftp-ssl-ccc", "--ssl-reqd", "-k", "-v", "-T", file, $"ftp://127.0.0.1:{server.EndPoint.Port}/toibm/aix/", "-u", "E-ABCD12345f:secret");

        Assert.True(exit == 0, output);
        Assert.Contains("< 534 CCC not supported at the DRAFT level", output, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], Assert.Single(server.DropBox.Delivered).Bytes);
    }

    private static async Task<(int Exit, string Output)> RunCurlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
