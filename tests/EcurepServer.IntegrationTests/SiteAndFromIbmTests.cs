using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The shipped configuration as a whole: every one of the three sites takes an FTPS and an SFTP upload from curl in
/// one server run, and a file left in an account's fromibm reaches that account only.
/// </summary>
public sealed class SiteAndFromIbmTests : ServerTestBase
{
    private const string Alice = "E-ALICE1234a";
    private const string Bob = "E-BOB123456b";
    private const string Password = "sites-password-1";

    private string _file = "";
    private string _sha256 = "";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(Alice, Password), (Bob, Password)];

    protected override async Task PrepareAsync()
    {
        _file = Path.Combine(Server.Root, "small.bin");
        var bytes = RandomNumberGenerator.GetBytes(1024 * 1024 + 17);
        await File.WriteAllBytesAsync(_file, bytes);
        _sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    [Fact]
    public async Task Each_of_the_three_shipped_sites_takes_an_ftps_and_an_sftp_upload()
    {
        foreach (var site in ServerProcess.Sites)
        {
            var ftps = await Server.ListeningEndPointAsync(site, "ftps");
            var sftp = await Server.ListeningEndPointAsync(site, "sftp");

            var viaFtps = await CurlAsync(["--ssl-reqd", "-T", _file], Url("ftp", ftps, $"toibm/linux/{site}-ftps.bin"), Alice);
            var viaSftp = await CurlAsync(["-T", _file], Url("sftp", sftp, $"toibm/linux/{site}-sftp.bin"), Alice);

            Assert.True(viaFtps.ExitCode == 0, viaFtps.ToString());
            Assert.True(viaSftp.ExitCode == 0, viaSftp.ToString());
        }

        var receipts = await Server.ReceiptsAsync();
        foreach (var site in ServerProcess.Sites)
        {
            foreach (var protocol in new[] { "ftps", "sftp" })
            {
                var receipt = Assert.Single(receipts, r => r.GetProperty("path").GetString() == $"/toibm/linux/{site}-{protocol}.bin");
                Assert.Equal(site, receipt.GetProperty("site").GetString());
                Assert.Equal(protocol, receipt.GetProperty("protocol").GetString());
                Assert.Equal(_sha256, receipt.GetProperty("sha256").GetString());
            }
        }
    }

    [Fact]
    public async Task An_account_lists_and_downloads_its_own_fromibm_file_and_nobody_else_sees_it()
    {
        var put = await Server.CliAsync(null, "fromibm", "put", Alice, _file, "--name", "fix.bin");
        Assert.True(put.ExitCode == 0, put.ToString());
        var europe = await Server.ListeningEndPointAsync("Europe", "ftps");
        var downloaded = Path.Combine(Server.Root, "downloaded.bin");

        var aliceList = await CurlAsync(["--ssl-reqd", "--list-only"], Url("ftp", europe, "fromibm/"), Alice);
        var aliceGet = await CurlAsync(["--ssl-reqd", "-o", downloaded], Url("ftp", europe, "fromibm/fix.bin"), Alice);
        var bobList = await CurlAsync(["--ssl-reqd", "--list-only"], Url("ftp", europe, "fromibm/"), Bob);
        var bobGet = await CurlAsync(["--ssl-reqd", "-o", Path.Combine(Server.Root, "bob.bin")], Url("ftp", europe, "fromibm/fix.bin"), Bob);
        var anonymousGet = await CurlAsync(["--ssl-reqd", "-o", Path.Combine(Server.Root, "anonymous.bin")], Url("ftp", europe, "fromibm/fix.bin"), "anonymous", "tester@example.com");

        Assert.True(aliceList.ExitCode == 0, aliceList.ToString());
        Assert.Contains("fix.bin", aliceList.Output, StringComparison.Ordinal);
        Assert.True(aliceGet.ExitCode == 0, aliceGet.ToString());
        Assert.Equal(_sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(downloaded))));
        Assert.True(bobList.ExitCode == 0, bobList.ToString());
        Assert.DoesNotContain("fix.bin", bobList.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, bobGet.ExitCode);
        Assert.Contains("550", bobGet.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, anonymousGet.ExitCode);
        Assert.False(File.Exists(Path.Combine(Server.Root, "bob.bin")) && new FileInfo(Path.Combine(Server.Root, "bob.bin")).Length > 0);
    }

    private static string Url(string scheme, IPEndPoint endPoint, string path) =>
        string.Create(CultureInfo.InvariantCulture, $"{scheme}://{endPoint.Address}:{endPoint.Port}/{path}");

    private Task<ProcessResult> CurlAsync(string[] options, string url, string user, string password = Password) =>
        ExternalProcess.RunAsync(
            "curl",
            [.. options, "-k", "-sS", "-v", "--max-time", "60", "--user", $"{user}:{password}", url],
            Server.Root,
            timeout: TimeSpan.FromSeconds(90));
}
