using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;
using Xunit.Abstractions;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The defender and the pre-authentication limits against the built server and real clients, from loopback addresses
/// other than 127.0.0.1 (which the test settings take out of the default allow-list): a password guesser over FTPS
/// and SFTP is banned and refused at connect while others upload, the ban survives a restart and is lifted by the
/// bans verb and by DELETE /bans; an allow-listed address is never banned; silent connections do not lock others out.
/// </summary>
public sealed class DefenderTests(ITestOutputHelper output)
{
    private const string TransferId = "E-DEFEND1234a";
    private const string Password = "right-password-1";
    private const string Token = "defender-token-0123456789";
    private const int Threshold = 15;

    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Silent = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Trusted = IPAddress.Parse("127.0.0.5");

    /// <summary>Loopback is allow-listed unless the list is configured; these tests allow only 127.0.0.5.</summary>
    private static readonly string[] DefenderSettings = ["Defender:AllowList:0=127.0.0.5/32", $"Defender:Threshold={Threshold}"];

    [Fact]
    public async Task Forty_wrong_passwords_over_ftps_and_sftp_ban_the_address_until_the_bans_verb_lifts_it_even_across_a_restart()
    {
        await using var server = ServerProcess.Create(DefenderSettings);
        await server.AddAccountAsync(TransferId, Password);
        await server.StartAsync();
        var file = Path.Combine(server.Root, "report.zip");
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(64 * 1024));

        for (var i = 0; i < 40; i++)
        {
            await WrongPasswordAsync(server, file, sftp: i % 2 == 1);
        }

        await server.WaitForLogAsync(@"Banned 127\.0\.0\.2 until");
        var failed = server.Log.Split('\n').Count(line => line.Contains("Failed login of", StringComparison.Ordinal) && line.Contains("127.0.0.2:", StringComparison.Ordinal));
        Assert.InRange(failed, 1, Threshold);
        await AssertRefusedAsync(server);

        // curl treats every FTP 421 as the server's idle timeout: exit code 28, though the reply came at once.
        var refused = await FtpsUploadAsync(server, file, Guesser, "refused.zip", Password, "-v");
        Assert.Equal(28, refused.ExitCode);
        Assert.Contains("< 421 Service not available: too many failed logins or errors from your address; try again later", refused.AllOutput, StringComparison.Ordinal);
        Assert.Contains("We got a 421 - timeout", refused.AllOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await FtpsUploadAsync(server, file, IPAddress.Loopback, "from-1.zip")).ExitCode);
        Assert.Equal(0, (await SftpUploadAsync(server, file, IPAddress.Loopback, "from-1-sftp.zip")).ExitCode);

        await server.RestartAsync();
        await AssertRefusedAsync(server);
        var listed = await server.CliAsync(null, "bans", "list");
        Assert.Contains("127.0.0.2", listed.Output, StringComparison.Ordinal);

        var removed = await server.CliAsync(null, "bans", "remove", "127.0.0.2");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        // The running server looks at the bans again within Catalog:PollInterval of the lift, not at the next connection.
        var upload = await FtpsUploadAsync(server, file, Guesser, "after-lift.zip");
        var until = DateTime.UtcNow + Eventually.Deadline;
        while (upload.ExitCode != 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            upload = await FtpsUploadAsync(server, file, Guesser, "after-lift.zip");
        }

        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Equal(0, (await SftpUploadAsync(server, file, Guesser, "after-lift-sftp.zip")).ExitCode);
        Assert.Contains("No address is banned.", (await server.CliAsync(null, "bans", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allow_listed_address_is_never_banned_and_the_management_api_lists_and_lifts_a_ban()
    {
        await using var server = ServerProcess.Create([.. DefenderSettings, "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}"]);
        await server.AddAccountAsync(TransferId, Password);
        await server.StartAsync();
        var file = Path.Combine(server.Root, "report.zip");
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16 * 1024));
        using var api = new HttpClient { BaseAddress = new Uri(server.Ready.GetProperty("managementUrl").GetString()!) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        for (var i = 0; i < 40; i++)
        {
            await WrongPasswordAsync(server, file, sftp: i % 2 == 1, from: Trusted);
        }

        Assert.Equal(0, (await FtpsUploadAsync(server, file, Trusted, "trusted.zip")).ExitCode);
        Assert.DoesNotContain("Banned", server.Log, StringComparison.Ordinal);

        for (var i = 0; i < 40 && !server.Log.Contains("Banned 127.0.0.2", StringComparison.Ordinal); i++)
        {
            await WrongPasswordAsync(server, file, sftp: false);
        }

        using (var bans = JsonDocument.Parse(await api.GetStringAsync("/bans")))
        {
            var ban = Assert.Single(bans.RootElement.EnumerateArray());
            Assert.Equal("127.0.0.2", ban.GetProperty("network").GetString());
            Assert.Equal(1, ban.GetProperty("offences").GetInt32());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/bans/127.0.0.2")).StatusCode);
        using (var again = await api.DeleteAsync("/bans/127.0.0.2"))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await api.DeleteAsync("/bans/not-an-address")).StatusCode);
        Assert.Equal("[]", await api.GetStringAsync("/bans"));
        Assert.Equal(0, (await FtpsUploadAsync(server, file, Guesser, "lifted.zip")).ExitCode);
        using var openApi = JsonDocument.Parse(await api.GetStringAsync("/openapi.json"));
        Assert.True(openApi.RootElement.GetProperty("paths").TryGetProperty("/bans", out _));
    }

    [Fact]
    public async Task Five_hundred_silent_connections_from_one_address_to_each_listener_leave_logins_from_another_working()
    {
        // Per-address session limits raised far above the silent connections: only the cap on connections not logged
        // in yet (MaxStartupsPerAddress) stands between them and the 256 sessions a listener serves.
        string[] generous = [.. ServerProcess.Sites.SelectMany(site => new[] { $"Sites:{site}:Ftps:MaxSessionsPerAddress=1000", $"Sites:{site}:Ssh:MaxSessionsPerAddress=1000" })];
        await using var server = ServerProcess.Create([.. DefenderSettings, .. generous]);
        await server.AddAccountAsync(TransferId, Password);
        await server.StartAsync();
        var file = Path.Combine(server.Root, "report.zip");
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16 * 1024));
        var ftps = await server.ListeningEndPointAsync("Europe");
        var sftp = await server.ListeningEndPointAsync("Europe", "sftp");

        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                held.Add(await ConnectFromAsync(Silent, ftps));
                held.Add(await ConnectFromAsync(Silent, sftp));
            }

            var clock = Stopwatch.StartNew();
            var ftpsUpload = await FtpsUploadAsync(server, file, IPAddress.Loopback, "beside-silent.zip");
            var ftpsTime = clock.Elapsed;
            clock.Restart();
            var sftpUpload = await SftpUploadAsync(server, file, IPAddress.Loopback, "beside-silent-sftp.zip");
            var sftpTime = clock.Elapsed;
            output.WriteLine($"With 500 silent connections from 127.0.0.3 to each listener: curl FTPS login and upload {ftpsTime.TotalSeconds:0.000} s, curl SFTP {sftpTime.TotalSeconds:0.000} s");

            Assert.True(ftpsUpload.ExitCode == 0, ftpsUpload + server.Log);
            Assert.True(sftpUpload.ExitCode == 0, sftpUpload.ToString());
            Assert.Contains("connections from this address are already waiting to log in", server.Log, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task WrongPasswordAsync(ServerProcess server, string file, bool sftp, IPAddress? from = null)
    {
        var result = sftp
            ? await SftpUploadAsync(server, file, from ?? Guesser, "guess.zip", "wrong-password")
            : await FtpsUploadAsync(server, file, from ?? Guesser, "guess.zip", "wrong-password");
        Assert.NotEqual(0, result.ExitCode);
    }

    private static async Task<ProcessResult> FtpsUploadAsync(ServerProcess server, string file, IPAddress from, string name, string password = Password, params string[] options) =>
        await FtpsCurl.UploadAsync(await server.ListeningEndPointAsync("Europe"), TransferId, password, file, "toibm/aix/" + name, ["--interface", from.ToString(), "--max-time", "60", .. options]);

    private static async Task<ProcessResult> SftpUploadAsync(ServerProcess server, string file, IPAddress from, string name, string password = Password)
    {
        var endPoint = await server.ListeningEndPointAsync("Europe", "sftp");
        return await ExternalProcess.RunAsync(
            "curl",
            ["-sS", "-k", "--max-time", "60", "--interface", from.ToString(), "-u", $"{TransferId}:{password}", "-T", file, $"sftp://{endPoint.Address}:{endPoint.Port}/toibm/aix/{name}"],
            server.Root);
    }

    /// <summary>127.0.0.2 is refused at connect by both listeners with the documented reply, before TLS or SSH.</summary>
    private static async Task AssertRefusedAsync(ServerProcess server)
    {
        using (var ftp = await ConnectFromAsync(Guesser, await server.ListeningEndPointAsync("Europe")))
        {
            Assert.Equal(
                "421 Service not available: too many failed logins or errors from your address; try again later\r\n",
                await ReadAllAsync(ftp));
        }

        using var ssh = await ConnectFromAsync(Guesser, await server.ListeningEndPointAsync("Europe", "sftp"));
        var said = await ReadAllAsync(ssh);
        Assert.StartsWith("SSH-2.0-", said, StringComparison.Ordinal);
        Assert.Contains("too many failed logins or errors from your address; try again later", said, StringComparison.Ordinal);
    }

    private static async Task<Socket> ConnectFromAsync(IPAddress source, IPEndPoint target)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target).WaitAsync(TimeSpan.FromSeconds(60));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>What the server sends until it closes.</summary>
    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
