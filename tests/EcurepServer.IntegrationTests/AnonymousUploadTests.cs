using System.Globalization;
using System.Security.Cryptography;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Anonymous with the password "guest" (the page: "enter any text as a password"): curl uploads over FTPS with PROT P
/// and is refused with 521 over PROT C (--ftp-ssl-control), OpenSSH sftp uploads; the receipts name "guest".
/// </summary>
public sealed class AnonymousUploadTests : ServerTestBase
{
    private const string Guest = "guest";

    private string _file = null!;

    protected override async Task PrepareAsync()
    {
        _file = Path.Combine(Server.Root, "upload.bin");
        await File.WriteAllBytesAsync(_file, RandomNumberGenerator.GetBytes(128 * 1024));
    }

    [Fact]
    public async Task Curl_as_anonymous_with_password_guest_uploads_over_prot_p_and_is_refused_over_prot_c()
    {
        var protectedUpload = await CurlAsync("--ssl-reqd", "TS012345678_protected.bin");
        var clearUpload = await CurlAsync("--ftp-ssl-control", "TS012345678_clear.bin");

        Assert.True(protectedUpload.ExitCode == 0, protectedUpload.ToString());
        await AssertGuestReceiptAsync("TS012345678_protected.bin", "ftps");
        Assert.NotEqual(0, clearUpload.ExitCode);
        Assert.Contains("521", clearUpload.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Server.DeliveredFile("aix", "TS012345678_clear.bin")));
        Assert.Single(await Server.ReceiptsAsync());
    }

    [Fact]
    public async Task Sftp_as_anonymous_with_password_guest_uploads()
    {
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), Server.Root);

        var result = await clients.SftpAsync("anonymous", Guest, $"put {_file} toibm/aix/TS012345678_sftp.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        await AssertGuestReceiptAsync("TS012345678_sftp.bin", "sftp");
    }

    private async Task AssertGuestReceiptAsync(string name, string protocol)
    {
        Assert.Equal(await File.ReadAllBytesAsync(_file), await File.ReadAllBytesAsync(Server.DeliveredFile("aix", name)));
        var receipt = Assert.Single(await Server.ReceiptsAsync(), r => r.GetProperty("path").GetString() == "/toibm/aix/" + name);
        Assert.Equal(Guest, receipt.GetProperty("account").GetString());
        Assert.True(receipt.GetProperty("anonymous").GetBoolean());
        Assert.Equal(protocol, receipt.GetProperty("protocol").GetString());
    }

    private Task<ProcessResult> CurlAsync(string tlsOption, string name)
    {
        var endPoint = Server.ControlEndPoint;
        var url = string.Create(CultureInfo.InvariantCulture, $"ftp://{endPoint.Address}:{endPoint.Port}/toibm/aix/{name}");
        return ExternalProcess.RunAsync(
            "curl", [tlsOption, "-k", "-sS", "--max-time", "60", "-T", _file, "--user", "anonymous:" + Guest, url], Server.Root);
    }
}
