using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Faults;

/// <summary>
/// Faults on the connections themselves: the data connection reset (RST) after 1 MiB, which curl -C - then completes,
/// and a reply line that is no reply at all, which ftplib reports as a protocol error. Each rule is kept to one account.
/// </summary>
public sealed class FaultConnectionTests() : ServerTestBase(
    "Faults:reset:Account=E-RESET1234a", "Faults:reset:Point=after-bytes 1048576", "Faults:reset:Action=reset-data",
    "Faults:garble:Account=E-GARBL1234a", "Faults:garble:Point=STOR", "Faults:garble:Action=corrupt-reply"), IDisposable
{
    private const string Password = "fault-connection-password-1";

    private readonly TempDirectory _files = new();

    protected override IEnumerable<(string TransferId, string Password)> Accounts =>
        [("E-RESET1234a", Password), ("E-GARBL1234a", Password)];

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_reset_data_connection_fails_the_curl_upload_and_curl_resume_completes_it()
    {
        var file = _files.Combine("reset.bin");
        await File.WriteAllBytesAsync(file, DataTransfers.RandomBytes(5 * 1024 * 1024));

        var reset = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-RESET1234a", Password, file, "toibm/aix/reset.bin");

        Assert.True(reset.ExitCode != 0, reset.ToString());
        await Server.WaitForLogAsync(@"Upload of /toibm/aix/reset\.bin ended without commit; kept \d+ bytes");
        Assert.False(File.Exists(Server.DeliveredFile("aix", "reset.bin")));
        Assert.Empty(await Server.ReceiptsAsync());
        Assert.InRange(Server.PartialBytes("aix", "reset.bin"), 1024 * 1024, (5 * 1024 * 1024) - 1);

        var resumed = await FtpsCurl.UploadAsync(Server.ControlEndPoint, "E-RESET1234a", Password, file, "toibm/aix/reset.bin", "-C", "-");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(RandomFile.Sha256Of(file), RandomFile.Sha256Of(Server.DeliveredFile("aix", "reset.bin")));
        Assert.Single(Regex.Matches(Server.Log, "Fault reset fired at after-bytes 1048576"));
    }

    [Fact]
    public async Task A_corrupt_reply_to_STOR_is_a_protocol_error_to_ftplib_and_nothing_is_delivered()
    {
        var file = _files.Combine("garbled.bin");
        await File.WriteAllBytesAsync(file, DataTransfers.RandomBytes(100_000));

        var result = await Ftplib.UploadAsync(Server.ControlEndPoint, "E-GARBL1234a", Password, file, "toibm/aix/garbled.bin");

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.Error.Contains("error_proto: ?? Injected fault.", StringComparison.Ordinal), result.ToString());
        Assert.Matches("Fault garble fired at STOR", Server.Log);
        Assert.False(File.Exists(Server.DeliveredFile("aix", "garbled.bin")));
        Assert.Empty(await Server.ReceiptsAsync());
    }
}
