using System.Net;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Two server processes on one data directory and one PostgreSQL catalog behind HAProxy (round robin, send-proxy-v2),
/// as deploy/cluster runs them: curl FTPS and OpenSSH sftp uploads land on both nodes, and every receipt is visible
/// from either node with the client's address.
/// </summary>
public sealed class TwoNodeClusterTests
{
    private const string TransferId = "E-CLUSTR1234a";
    private const string Password = "cluster-password-1";

    [Fact]
    public async Task Uploads_through_haproxy_land_on_both_nodes_with_receipts_visible_from_both()
    {
        await using var postgres = await PostgresCluster.StartAsync();
        await postgres.CreateDatabaseAsync("ecurep");
        string[] shared =
        [
            "Catalog:Provider=postgres",
            $"Catalog:ConnectionString={postgres.ConnectionString("ecurep")}",
            $"Sites:Europe:ProxyProtocol:TrustedProxies:0={HaproxyProcess.Source}",
        ];
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await nodeA.StartAsync();
        await using var nodeB = ServerProcess.Create([.. shared, $"DataDirectory={nodeA.DataDirectory}", $"AccountsFile={Path.Combine(nodeA.Root, "config", "accounts.json")}"]);
        await nodeB.StartAsync();
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>>
            {
                ["ftps"] = [await nodeA.ListeningEndPointAsync("Europe"), await nodeB.ListeningEndPointAsync("Europe")],
                ["sftp"] = [await nodeA.ListeningEndPointAsync("Europe", "sftp"), await nodeB.ListeningEndPointAsync("Europe", "sftp")],
            },
            balance: "roundrobin");
        var file = Path.Combine(nodeA.Root, "report.zip");
        await File.WriteAllBytesAsync(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(128 * 1024));
        var sftp = new SftpClients(haproxy.Frontends["sftp"], nodeA.Root);

        for (var i = 0; i < 2; i++)
        {
            var ftps = await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, file, $"toibm/aix/ftps-{i}.zip", "--max-time", "60");
            Assert.True(ftps.ExitCode == 0, ftps.ToString());
            var put = await sftp.SftpAsync(TransferId, Password, $"put report.zip toibm/aix/sftp-{i}.zip");
            Assert.True(put.ExitCode == 0, put.ToString());
        }

        Assert.Equal("4", await postgres.QueryAsync("ecurep", "select count(*) from receipts where client_address = '127.0.0.1'"));
        Assert.False(File.Exists(Path.Combine(nodeA.DataDirectory, "catalog.db")));
        Assert.Equal(2, Regex.Count(nodeA.Log, "Delivered "));
        Assert.Equal(2, Regex.Count(nodeB.Log, "Delivered "));
        foreach (var node in new[] { nodeA, nodeB })
        {
            var receipts = await node.ReceiptsAsync();
            Assert.Equal(
                ["ftps-0.zip", "ftps-1.zip", "sftp-0.zip", "sftp-1.zip"],
                receipts.Select(receipt => Path.GetFileName(receipt.GetProperty("path").GetString()!)).Order(StringComparer.Ordinal));
            Assert.All(receipts, receipt => Assert.Equal("127.0.0.1", receipt.GetProperty("clientAddress").GetString()));
        }
    }
}
