using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Faults;

/// <summary>
/// disk-full answers as a full disk does (FTP 452 with the no-room text, SFTP failure with it) and delivers nothing;
/// a disconnect at the key exchange makes OpenSSH report the connection closed there, with SSH DISCONNECT (site
/// AsiaPacific) or without (site Americas).
/// </summary>
public sealed class FaultStorageAndKexTests() : ServerTestBase(
    "Faults:full-stor:Site=Europe", "Faults:full-stor:Point=STOR", "Faults:full-stor:Action=disk-full",
    "Faults:full-write:Site=Europe", "Faults:full-write:Point=write", "Faults:full-write:Action=disk-full",
    "Faults:kex-polite:Site=AsiaPacific", "Faults:kex-polite:Point=kex", "Faults:kex-polite:Action=disconnect",
    "Faults:kex-abrupt:Site=Americas", "Faults:kex-abrupt:Point=kex", "Faults:kex-abrupt:Action=disconnect", "Faults:kex-abrupt:Graceful=false"),
    IDisposable
{
    private const string TransferId = "E-FULL12345a";
    private const string Password = "fault-full-password-1";

    private readonly TempDirectory _files = new();

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Disk_full_on_STOR_answers_452_with_the_no_room_text_and_delivers_nothing()
    {
        var file = SmallFile();

        var curl = await FtpsCurl.UploadAsync(Server.ControlEndPoint, TransferId, Password, file, "toibm/aix/full.bin");
        await using var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);
        await client.SecureLoginAsync(TransferId, Password);
        await client.PassiveAsync();
        var reply = await client.CommandAsync("STOR toibm/aix/full.bin");

        Assert.True(curl.ExitCode == FtpsCurl.UploadFailed, curl.ToString());
        Assert.Contains("452", curl.Error, StringComparison.Ordinal);
        Assert.Equal(["452 The server has no room left to store /toibm/aix/full.bin; please try again later."], reply.Lines);
        Assert.False(File.Exists(Server.DeliveredFile("aix", "full.bin")));
        Assert.Empty(await Server.ReceiptsAsync());
    }

    [Fact]
    public async Task Disk_full_on_write_fails_the_sftp_upload_with_the_no_room_text_and_delivers_nothing()
    {
        var file = SmallFile();
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), _files.Path);

        var openSsh = await clients.SftpAsync(TransferId, Password, $"put {file} toibm/aix/full.bin");
        var paramiko = await clients.ParamikoAsync(TransferId, Password, file, "toibm/aix/full-paramiko.bin");

        // OpenSSH names the status code (SSH_FX_FAILURE); paramiko, which reports no WRITE's status, finds nothing delivered.
        Assert.NotEqual(0, openSsh.ExitCode);
        Assert.True(openSsh.Error.Contains("write remote \"/toibm/aix/full.bin\": Failure", StringComparison.Ordinal), openSsh.ToString());
        Assert.NotEqual(0, paramiko.ExitCode);
        Assert.False(File.Exists(Server.DeliveredFile("aix", "full.bin")));
        Assert.False(File.Exists(Server.DeliveredFile("aix", "full-paramiko.bin")));
        Assert.Empty(await Server.ReceiptsAsync());
        Assert.Matches("Fault full-write fired at write", Server.Log);
    }

    [Theory]
    [InlineData("AsiaPacific", "kex-polite")]
    [InlineData("Americas", "kex-abrupt")]
    public async Task A_disconnect_at_kex_makes_openssh_report_the_connection_closed(string site, string rule)
    {
        var clients = new SftpClients(await Server.ListeningEndPointAsync(site, "sftp"), _files.Path);

        var (result, prompts) = await clients.SftpShowingBannerAsync(TransferId, Password, null, "ls");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(prompts);
        Assert.True(result.Error.Contains("Connection closed", StringComparison.Ordinal) || result.Error.Contains("disconnect", StringComparison.OrdinalIgnoreCase), result.ToString());
        Assert.Matches($"Fault {rule} fired at kex", Server.Log);
        Assert.Single(Regex.Matches(Server.Log, $"Fault {rule} fired"));
    }

    private string SmallFile()
    {
        var path = _files.Combine("full.bin");
        File.WriteAllBytes(path, DataTransfers.RandomBytes(100_000));
        return path;
    }
}
