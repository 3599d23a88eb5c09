using System.Diagnostics;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.Faults;

/// <summary>
/// Faults that take time: PASV stalled for 5 s fails a client that waits 2 s for a reply and not one that waits
/// longer; an upload throttled to 1 MiB/s takes at least 9 s for 10 MiB and is then delivered as usual. Only lower
/// bounds are checked, which a slow machine cannot break.
/// </summary>
public sealed class FaultTimingTests() : ServerTestBase(
    "Faults:slow-pasv:Point=PASV", "Faults:slow-pasv:Action=delay", "Faults:slow-pasv:Delay=00:00:05",
    "Faults:slow-upload:Point=STOR", "Faults:slow-upload:Action=throttle", "Faults:slow-upload:BytesPerSecond=1048576",
    "Faults:slow-sftp:Point=open", "Faults:slow-sftp:Action=throttle", "Faults:slow-sftp:BytesPerSecond=1048576"), IDisposable
{
    private const string TransferId = "E-SLOW12345a";
    private const string Password = "fault-slow-password-1";
    private const int TenMiB = 10 * 1024 * 1024;

    private readonly TempDirectory _files = new();

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_5_second_delay_on_PASV_fails_ftplib_waiting_2_seconds_and_not_ftplib_waiting_60()
    {
        var file = _files.Combine("pasv.bin");
        await File.WriteAllBytesAsync(file, DataTransfers.RandomBytes(100_000));

        var impatient = await Ftplib.UploadAsync(Server.ControlEndPoint, TransferId, Password, file, "toibm/aix/impatient.bin", timeoutSeconds: 2);
        var patient = await Ftplib.UploadAsync(Server.ControlEndPoint, TransferId, Password, file, "toibm/aix/patient.bin", timeoutSeconds: 60);

        Assert.NotEqual(0, impatient.ExitCode);
        Assert.True(impatient.Error.Contains("timed out", StringComparison.Ordinal), impatient.ToString());
        Assert.False(File.Exists(Server.DeliveredFile("aix", "impatient.bin")));
        Assert.True(patient.ExitCode == 0, patient.ToString());
        Assert.Equal(RandomFile.Sha256Of(file), RandomFile.Sha256Of(Server.DeliveredFile("aix", "patient.bin")));
        Assert.Equal(2, Regex.Matches(Server.Log, "Fault slow-pasv fired at PASV").Count);
    }

    [Fact]
    public async Task A_throttle_of_1_MiB_per_second_makes_a_10_MiB_curl_ftps_upload_take_at_least_9_seconds()
    {
        var file = _files.Combine("throttled.bin");
        await File.WriteAllBytesAsync(file, DataTransfers.RandomBytes(TenMiB));

        var clock = Stopwatch.StartNew();
        var result = await FtpsCurl.UploadAsync(Server.ControlEndPoint, TransferId, Password, file, "toibm/aix/throttled.bin");
        clock.Stop();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(9), $"The upload took {clock.Elapsed}.");
        Assert.Equal(RandomFile.Sha256Of(file), RandomFile.Sha256Of(Server.DeliveredFile("aix", "throttled.bin")));
        Assert.Matches("Fault slow-upload fired at STOR", Server.Log);
    }

    [Fact]
    public async Task A_throttle_of_1_MiB_per_second_makes_a_10_MiB_openssh_sftp_upload_take_at_least_9_seconds()
    {
        var file = _files.Combine("throttled.bin");
        await File.WriteAllBytesAsync(file, DataTransfers.RandomBytes(TenMiB));
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), _files.Path);

        var clock = Stopwatch.StartNew();
        var result = await clients.SftpAsync(TransferId, Password, $"put {file} toibm/aix/throttled-sftp.bin");
        clock.Stop();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(9), $"The upload took {clock.Elapsed}.");
        Assert.Equal(RandomFile.Sha256Of(file), RandomFile.Sha256Of(Server.DeliveredFile("aix", "throttled-sftp.bin")));
        Assert.Matches("Fault slow-sftp fired at open", Server.Log);
    }
}
