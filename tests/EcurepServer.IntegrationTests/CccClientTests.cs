using System.Globalization;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// curl --ftp-ssl-ccc against the real server's shipped sites: Europe (full RFC 4217 level) clears the control
/// channel and delivers when curl can still resume the TLS session (its active CCC mode); Americas (draft level)
/// refuses CCC and curl goes on under TLS.
/// </summary>
public sealed class CccClientTests(RandomFile source) : ServerTestBase, IClassFixture<RandomFile>
{
    private const string TransferId = "E-CCCTEST123a";
    private const string Password = "ccc-password-1";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task Curl_with_active_ccc_uploads_to_europe_over_a_cleared_control_channel()
    {
        var name = "34143.055.724.ccc-active.bin";

        var result = await CurlAsync("Europe", name, "--ftp-ssl-ccc", "--ftp-ssl-ccc-mode", "active");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("< 200 CCC command successful", result.Error, StringComparison.Ordinal);
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(Server.DeliveredFile("aix", name)));
        var receipt = Assert.Single(await Server.ReceiptsAsync(), r => r.GetProperty("path").GetString() == "/toibm/aix/" + name);
        Assert.Equal("Europe", receipt.GetProperty("site").GetString());
        Assert.Equal("ftps", receipt.GetProperty("protocol").GetString());
    }

    /// <remarks>
    /// curl's default (passive) CCC mode never sends its own close_notify, so its OpenSSL drops the TLS session, and
    /// the data connection cannot resume the control connection's session, which Europe requires.
    /// </remarks>
    [Fact]
    public async Task Curl_with_passive_ccc_gets_522_at_europe_and_nothing_is_delivered()
    {
        var name = "34143.055.724.ccc-passive.bin";

        var result = await CurlAsync("Europe", name, "--ftp-ssl-ccc");

        // curl sends the file until the server hangs up, so it mostly reports the broken pipe, not the 522.
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("< 200 CCC command successful", result.Error, StringComparison.Ordinal);
        await Server.WaitForLogAsync(@"Data connection from 127\.0\.0\.1:\d+ refused: its TLS session was not the control connection's: it started a new one");
        Assert.False(File.Exists(Server.DeliveredFile("aix", name)));
    }

    [Fact]
    public async Task Ccc_is_refused_at_americas_and_curl_goes_on_under_tls()
    {
        var name = "TS012345678_americas.bin";

        var result = await CurlAsync("Americas", name, "--ftp-ssl-ccc");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("< 534 CCC not supported", result.Error, StringComparison.Ordinal);
        Assert.Contains("< 234 Security environment established - ready for negotiation", result.Error, StringComparison.Ordinal);
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(Server.DeliveredFile("aix", name)));
    }

    private async Task<ProcessResult> CurlAsync(string site, string name, params string[] ccc)
    {
        var endpoint = await Server.ListeningEndPointAsync(site);
        var url = string.Create(CultureInfo.InvariantCulture, $"ftp://{endpoint.Address}:{endpoint.Port}/toibm/aix/{name}");
        return await ExternalProcess.RunAsync(
            "curl",
            [.. ccc, "--ssl-reqd", "-k", "-sS", "-v", "--max-time", "120", "-T", source.FilePath, "--user", $"{TransferId}:{Password}", url],
            source.Directory,
            timeout: TimeSpan.FromSeconds(150));
    }
}
