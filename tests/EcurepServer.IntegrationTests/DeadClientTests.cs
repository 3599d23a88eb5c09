using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// A client whose network vanishes mid-upload (the server's loopback taken down in its own network namespace, the
/// client killed while no packet can tell the server) is noticed within the site's DeadClientTimeout, not only at
/// the 15-minute idle timeout, so its upload is released and a new session resumes it.
/// </summary>
public sealed class DeadClientTests(RandomFile source)
    : ServerTestBase("Sites:Europe:Ssh:DeadClientTimeout=00:00:03", "Sites:Europe:Ftps:DeadClientTimeout=00:00:03"), IClassFixture<RandomFile>
{
    private const string TransferId = "E-DEAD12345a";
    private const string Password = "dead-client-password-1";

    /// <summary>Generous against a slow machine, yet far below what an undetected dead client would take (5 to 15 minutes).</summary>
    private static readonly TimeSpan DetectionTimeout = TimeSpan.FromSeconds(60);

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    protected override Task StartAsync() => Server.StartInOwnNetworkAsync();

    [Fact]
    public async Task An_sftp_client_whose_network_vanished_is_cut_off_and_reput_from_a_new_session_completes_the_upload()
    {
        const string name = "TS012345678_vanished.bin";
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), source.Directory, Server.InServerNetwork);
        using (var upload = clients.StartSftp(TransferId, Password, limitKbitPerSecond: 16_000, $"put {source.FilePath} toibm/aix/{name}"))
        {
            await VanishAsync(upload, name);
        }

        await Server.WaitForLogAsync(@"SSH connection from \S+ closed: connection lost", DetectionTimeout);
        await Server.WaitForLogAsync($@"Upload of /toibm/aix/{Regex.Escape(name)} ended without commit; kept \d+ bytes", DetectionTimeout);
        await Server.SetLoopbackAsync(up: true);

        var resumed = await clients.SftpAsync(TransferId, Password, $"reput {source.FilePath} toibm/aix/{name}");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(Server.DeliveredFile("aix", name)));
    }

    [Fact]
    public async Task An_ftps_client_whose_network_vanished_is_cut_off_and_curl_resumes_the_upload_from_a_new_session()
    {
        const string name = "TS012345678_vanished_ftps.bin";
        var control = await Server.ListeningEndPointAsync("Europe");
        var url = $"ftp://{control.Address}:{control.Port.ToString(CultureInfo.InvariantCulture)}/toibm/aix/{name}";
        string[] curl = ["curl", "--ssl-reqd", "-k", "-sS", "--user", $"{TransferId}:{Password}", "-T", source.FilePath];
        using (var upload = ExternalProcess.Start(Server.InServerNetwork[0], [.. Server.InServerNetwork.Skip(1), .. curl, "--limit-rate", "2M", url], source.Directory))
        {
            await VanishAsync(upload, name);
        }

        await Server.WaitForLogAsync($@"Upload of /toibm/aix/{Regex.Escape(name)} ended without commit; kept \d+ bytes", DetectionTimeout);
        await Server.SetLoopbackAsync(up: true);

        var resumed = await ExternalProcess.RunAsync(Server.InServerNetwork[0], [.. Server.InServerNetwork.Skip(1), .. curl, "-C", "-", url], source.Directory);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(Server.DeliveredFile("aix", name)));
    }

    /// <summary>
    /// Waits until the upload's first bytes are on the server's disk, then takes the network away and kills the client
    /// while no packet can get through, so the server is never told: as when a laptop's cable is pulled.
    /// </summary>
    private async Task VanishAsync(Process upload, string name)
    {
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (Server.PartialBytes("aix", name) == 0)
            {
                if (upload.HasExited)
                {
                    Assert.Fail($"The client ended before its upload began: {await upload.StandardError.ReadToEndAsync()}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }

        await Server.SetLoopbackAsync(up: false);
        upload.Kill(entireProcessTree: true);
        await upload.WaitForExitAsync();
    }
}
