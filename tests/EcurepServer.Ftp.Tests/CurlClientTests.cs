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

    /// <remarks>
    /// In its passive mode curl never sends its own close_notify, so its OpenSSL marks the control session as not
    /// resumable and the data connection starts a new one: only a site that does not require session reuse takes it.
    /// </remarks>
    [Theory]
    [InlineData("none", true)]
    [InlineData("passive", false)]
    [InlineData("active", true)]
    public async Task Curl_uploads_after_ccc_at_the_full_level(string cccMode, bool requireSessionReuse)
    {
        await using var server = await TestServer.StartAsync(o => o.RequireTlsSessionReuse = requireSessionReuse);
        var content = DataTransfers.RandomBytes(300_000);
        var file = Path.Combine(_directory, "34143.055.724.zip");
        await File.WriteAllBytesAsync(file, content);
        string[] ccc = cccMode == "none" ? [] : ["--ftp-ssl-ccc", "--ftp-ssl-ccc-mode", cccMode];

        var result = await RunCurlAsync(
            [.. ccc, "--ssl-reqd", "-k", "-v", "-T", file, $"ftp://127.0.0.1:{server.EndPoint.Port}/toibm/aix/", "-u", "E-ABCD12345f:secret"]);

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Equal(cccMode != "none", result.AllOutput.Contains("< 200 CCC command successful", StringComparison.Ordinal));
        var delivered = Assert.Single(server.DropBox.Delivered);
        Assert.Equal("/toibm/aix/34143.055.724.zip", delivered.Path.Value);
        Assert.Equal(content, delivered.Bytes);
    }

    [Fact]
    public async Task Curl_in_passive_ccc_mode_cannot_resume_and_gets_522_where_session_reuse_is_required()
    {
        await using var server = await TestServer.StartAsync();
        var file = Path.Combine(_directory, "TS012345678_logs.zip");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);

        var result = await RunCurlAsync(
            "--ftp-ssl-ccc", "--ftp-ssl-ccc-mode", "passive", "--ssl-reqd", "-k", "-v", "-T", file, $"ftp://127.0.0.1:{server.EndPoint.Port}/toibm/aix/", "-u", "E-ABCD12345f:secret");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("< 522 Data connection refused: it must resume the TLS session of the control connection", result.AllOutput, StringComparison.Ordinal);
        Assert.Empty(server.DropBox.Delivered);
    }

    [Fact]
    public async Task Curl_goes_on_under_tls_when_ccc_is_refused_at_the_draft_level()
    {
        await using var server = await TestServer.StartAsync(o => o.Rfc4217Level = Rfc4217Level.Draft);
        var file = Path.Combine(_directory, "TS012345678_logs.zip");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);

        var result = await RunCurlAsync(
            "--ftp-ssl-ccc", "--ssl-reqd", "-k", "-v", "-T", file, $"ftp://127.0.0.1:{server.EndPoint.Port}/toibm/aix/", "-u", "E-ABCD12345f:secret");

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Contains("< 534 CCC not supported at the DRAFT level", result.AllOutput, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], Assert.Single(server.DropBox.Delivered).Bytes);
    }

    private static Task<ProcessResult> RunCurlAsync(params string[] arguments) => ExternalProcess.RunAsync("curl", arguments);
}
