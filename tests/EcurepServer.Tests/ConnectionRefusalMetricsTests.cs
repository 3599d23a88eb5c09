using System.Net;
using System.Net.Sockets;
using EcurepServer.Hosting;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Management;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcurepServer.Tests;

/// <summary>Connections refused at accept because a limit was reached are counted, by site, protocol and reason.</summary>
public sealed class ConnectionRefusalMetricsTests
{
    [Fact]
    public async Task Connections_past_MaxSessionsPerAddress_and_MaxStartupsPerAddress_are_counted_by_reason()
    {
        using var workspace = new TempWorkspace();
        using var host = EcurepHost.Build(workspace.Root,
        [
            "--EcurepServer:Management:Enabled=true",
            "--EcurepServer:Management:Url=http://127.0.0.1:0",
            "--EcurepServer:Management:Token=refusal-token-0123456789abcdef",
            "--EcurepServer:Sites:Europe:Ftps:MaxSessionsPerAddress=1",
            "--EcurepServer:Sites:Europe:Ssh:MaxStartupsPerAddress=1",
        ]);
        await host.StartAsync();
        try
        {
            var europe = host.Services.GetRequiredService<ServerFacts>().Describe().Sites["Europe"];
            using var metrics = new HttpClient { BaseAddress = host.Services.GetRequiredService<ManagementService>().Address! };

            using (var held = await ConnectAsync(europe.FtpsPort!.Value))
            using (var refused = await ConnectAsync(europe.FtpsPort!.Value))
            {
                Assert.StartsWith("220", await FirstLineAsync(held), StringComparison.Ordinal);
                Assert.StartsWith("421", await FirstLineAsync(refused), StringComparison.Ordinal);
            }

            using (var held = await ConnectAsync(europe.SftpPort!.Value))
            using (var refused = await ConnectAsync(europe.SftpPort!.Value))
            {
                Assert.StartsWith("SSH-2.0-", await FirstLineAsync(held), StringComparison.Ordinal);
                Assert.StartsWith("SSH-2.0-", await FirstLineAsync(refused), StringComparison.Ordinal);
                await DrainAsync(refused);
            }

            var scraped = await metrics.GetStringAsync("/metrics");
            Assert.Contains("ecurep_connections_refused_total{protocol=\"ftps\",reason=\"too_many_sessions\",site=\"Europe\"} 1", scraped, StringComparison.Ordinal);
            Assert.Contains("ecurep_connections_refused_total{protocol=\"sftp\",reason=\"too_many_startups\",site=\"Europe\"} 1", scraped, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return client;
    }

    private static async Task<string> FirstLineAsync(TcpClient client)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await client.GetStream().ReadAsync(one) == 1 && one[0] != (byte)'\n')
        {
            line.Add(one[0]);
        }

        return System.Text.Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
    }

    /// <summary>Reads until the server closes the connection (after its DISCONNECT).</summary>
    private static async Task DrainAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        while (await client.GetStream().ReadAsync(buffer) > 0)
        {
        }
    }
}
