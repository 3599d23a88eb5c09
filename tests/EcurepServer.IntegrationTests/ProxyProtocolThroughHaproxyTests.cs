using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The built server behind Debian's HAProxy with send-proxy-v2 (deploy/cluster): curl FTPS and OpenSSH sftp through
/// the balancer are logged, receipted, transcribed and banned under the client's address, not the balancer's
/// (HAProxy connects from 127.0.0.2); a PROXY header from an address that is not the balancer is refused.
/// </summary>
public sealed class ProxyProtocolThroughHaproxyTests
{
    private const string TransferId = "E-PROXY12345a";
    private const string Password = "proxy-password-1";

    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.3");

    private static readonly string[] BalancedSettings =
    [
        $"Sites:Europe:ProxyProtocol:TrustedProxies:0={HaproxyProcess.Source}",
        "Defender:AllowList:0=127.0.0.5/32",
        "Defender:Threshold=6",
    ];

    [Fact]
    public async Task Uploads_through_haproxy_carry_the_clients_address_in_receipts_sessions_and_transcripts()
    {
        await using var server = ServerProcess.Create(BalancedSettings);
        await server.AddAccountAsync(TransferId, Password);
        await server.StartAsync();
        await using var haproxy = await StartBalancerAsync(server);
        var file = Path.Combine(server.Root, "report.zip");
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(256 * 1024));

        var ftps = await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, file, "toibm/aix/through-ftps.zip", "--max-time", "60");
        var sftp = await new SftpClients(haproxy.Frontends["sftp"], server.Root).SftpAsync(TransferId, Password, "put report.zip toibm/aix/through-sftp.zip");

        Assert.True(ftps.ExitCode == 0, ftps.ToString());
        Assert.True(sftp.ExitCode == 0, sftp.ToString());
        var receipts = await server.ReceiptsAsync();
        Assert.Equal(2, receipts.Count);
        Assert.All(receipts, receipt => Assert.Equal("127.0.0.1", ClientAddressOf(receipt)));
        foreach (var receipt in receipts)
        {
            var transcript = string.Join('\n', await server.TranscriptAsync(receipt.GetProperty("sessionId").GetString()!));
            Assert.Contains("127.0.0.1:", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.2:", transcript, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("connection accepted from 127.0.0.2:", server.Log, StringComparison.Ordinal);
        Assert.Contains("SSH connection accepted from 127.0.0.1:", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passwords_through_haproxy_ban_the_client_not_the_balancer_and_a_header_from_elsewhere_is_refused()
    {
        await using var server = ServerProcess.Create(BalancedSettings);
        await server.AddAccountAsync(TransferId, Password);
        await server.StartAsync();
        await using var haproxy = await StartBalancerAsync(server);
        var file = Path.Combine(server.Root, "report.zip");
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16 * 1024));

        for (var i = 0; i < 8 && !server.Log.Contains("Banned 127.0.0.3 until", StringComparison.Ordinal); i++)
        {
            await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, "wrong-password", file, "toibm/aix/guess.zip", "--interface", Guesser.ToString(), "--max-time", "60");
        }

        await server.WaitForLogAsync(@"Banned 127\.0\.0\.3 until");
        var refused = await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, file, "toibm/aix/refused.zip", "--interface", Guesser.ToString(), "--max-time", "60", "-v");
        var ftps = await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, file, "toibm/aix/beside-ban.zip", "--max-time", "60");
        var sftp = await new SftpClients(haproxy.Frontends["sftp"], server.Root).SftpAsync(TransferId, Password, "put report.zip toibm/aix/beside-ban-sftp.zip");
        var bans = await server.CliAsync(null, "bans", "list");

        Assert.Contains("< 421 Service not available: too many failed logins or errors from your address; try again later", refused.AllOutput, StringComparison.Ordinal);
        Assert.True(ftps.ExitCode == 0, ftps.ToString());
        Assert.True(sftp.ExitCode == 0, sftp.ToString());
        Assert.Contains("127.0.0.3", bans.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"127\.0\.0\.2\b", bans.Output);

        // An attacker that is not the balancer claims to be 127.0.0.5 (allow-listed) straight to the node.
        var control = await server.ListeningEndPointAsync("Europe");
        using var spoofer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        spoofer.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));
        await spoofer.ConnectAsync(control);
        await spoofer.SendAsync(ProxyHeaders.V2(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 40000), control));
        var said = await ReadToEndAsync(spoofer);
        Assert.Contains("421 Service not available: a PROXY protocol header is accepted only from a configured load balancer", said, StringComparison.Ordinal);
        await server.WaitForLogAsync(@"PROXY protocol header from 127\.0\.0\.4:\d+, which is not a configured load balancer");
    }

    private static async Task<HaproxyProcess> StartBalancerAsync(ServerProcess server) =>
        await HaproxyProcess.StartAsync(new Dictionary<string, IReadOnlyList<IPEndPoint>>
        {
            ["ftps"] = [await server.ListeningEndPointAsync("Europe")],
            ["sftp"] = [await server.ListeningEndPointAsync("Europe", "sftp")],
        });

    private static string? ClientAddressOf(JsonElement receipt) =>
        receipt.TryGetProperty("clientAddress", out var address) ? address.GetString() : receipt.ToString();

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[512];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
