using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Faults;

/// <summary>
/// A connection cut once an upload holds 10 MiB (after-bytes 10485760, disconnect) during a 50 MiB upload with curl
/// over FTPS and with OpenSSH sftp: nothing is delivered and no receipt written, the partial is kept, and curl -C -
/// and sftp reput complete the upload with the source's SHA-256. The rule counts the upload's whole length, so the
/// resumed upload, which starts past 10 MiB, never meets it again.
/// </summary>
public sealed class FaultResumeTests(RandomFile source) : ServerTestBase(
    "Faults:cut-ftps:Protocol=ftps", "Faults:cut-ftps:Point=after-bytes 10485760", "Faults:cut-ftps:Action=disconnect",
    "Faults:cut-sftp:Protocol=sftp", "Faults:cut-sftp:Point=after-bytes 10485760", "Faults:cut-sftp:Action=disconnect"), IClassFixture<RandomFile>
{
    private const string TransferId = "E-CUT123456a";
    private const string Password = "fault-cut-password-1";
    private const long CutAt = 10L * 1024 * 1024;

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task A_disconnect_after_10_MiB_fails_the_curl_ftps_upload_and_curl_resume_completes_it()
    {
        const string name = "TS012345678_cut_ftps.bin";

        var cut = await FtpsCurl.UploadAsync(Server.ControlEndPoint, TransferId, Password, source.FilePath, $"toibm/aix/{name}");

        Assert.True(cut.ExitCode != 0, cut.ToString());
        await AssertKeptForResumeAsync("cut-ftps", name);

        var resumed = await FtpsCurl.UploadAsync(Server.ControlEndPoint, TransferId, Password, source.FilePath, $"toibm/aix/{name}", "-C", "-");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(Server.DeliveredFile("aix", name)));
        Assert.Single(Regex.Matches(Server.Log, "Fault cut-ftps fired"));
    }

    [Fact]
    public async Task A_disconnect_after_10_MiB_fails_the_openssh_sftp_upload_and_reput_completes_it()
    {
        const string name = "TS012345678_cut_sftp.bin";
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), source.Directory);

        var cut = await clients.SftpAsync(TransferId, Password, $"put {source.FilePath} toibm/aix/{name}");

        Assert.True(cut.ExitCode != 0, cut.ToString());
        await AssertKeptForResumeAsync("cut-sftp", name);

        var resumed = await clients.SftpAsync(TransferId, Password, $"reput {source.FilePath} toibm/aix/{name}");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(Server.DeliveredFile("aix", name)));
        Assert.Single(Regex.Matches(Server.Log, "Fault cut-sftp fired"));
    }

    private async Task AssertKeptForResumeAsync(string rule, string name)
    {
        await Server.WaitForLogAsync($@"Fault {rule} fired at after-bytes {CutAt}");
        await Server.WaitForLogAsync($@"Upload of /toibm/aix/{Regex.Escape(name)} ended without commit; kept \d+ bytes");
        Assert.False(File.Exists(Server.DeliveredFile("aix", name)));
        Assert.Empty(await Server.ReceiptsAsync());
        Assert.InRange(Server.PartialBytes("aix", name), CutAt, RandomFile.Size - 1);

        // The cut session's transcript tells what was injected where.
        var session = Assert.Single(await Server.SessionsAsync()).GetProperty("id").GetString()!;
        var transcript = await Server.TranscriptAsync(session);
        Assert.Contains(transcript, line => line.Contains($"fault {rule} fired at after-bytes {CutAt}: disconnect", StringComparison.Ordinal));
    }
}
