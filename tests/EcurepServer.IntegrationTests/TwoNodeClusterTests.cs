using System.Net;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Two server processes on one data directory and one PostgreSQL catalog behind HAProxy (round robin, send-proxy-v2),
/// as deploy/cluster runs them: curl FTPS and OpenSSH sftp uploads land on both nodes, and every receipt is visible
/// from either node with the client's address; a 50 MiB upload cut by killing its node (SIGKILL) is resumed with
/// curl -C - through HAProxy on the other node once the dead node's lease on it ran out.
/// </summary>
public sealed class TwoNodeClusterTests(RandomFile source) : IClassFixture<RandomFile>
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

    [Fact]
    public async Task An_upload_cut_by_killing_its_node_is_resumed_through_haproxy_on_the_other_node()
    {
        const string name = "TS012345678_killed.bin";
        await using var postgres = await PostgresCluster.StartAsync();
        await postgres.CreateDatabaseAsync("ecurep");
        string[] shared =
        [
            "Catalog:Provider=postgres",
            $"Catalog:ConnectionString={postgres.ConnectionString("ecurep")}",
            "Catalog:LeaseDuration=00:00:02",
            "Catalog:LeaseRenewInterval=00:00:00.5",
            $"Sites:Europe:ProxyProtocol:TrustedProxies:0={HaproxyProcess.Source}",
        ];
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await nodeA.StartAsync();
        await using var nodeB = ServerProcess.Create([.. shared, $"DataDirectory={nodeA.DataDirectory}", $"AccountsFile={Path.Combine(nodeA.Root, "config", "accounts.json")}"]);
        await nodeB.StartAsync();
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>> { ["ftps"] = [await nodeA.ListeningEndPointAsync("Europe"), await nodeB.ListeningEndPointAsync("Europe")] });
        var url = FtpsCurl.Url(haproxy.Frontends["ftps"], "toibm/aix/" + name);
        string[] curl = ["--ssl-reqd", "-k", "-sS", "--max-time", "120", "--user", $"{TransferId}:{Password}", "-T", source.FilePath];

        using (var upload = ExternalProcess.Start("curl", [.. curl, "--limit-rate", "4M", url], source.Directory))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (nodeA.PartialBytes("aix", name) < 10L * 1024 * 1024)
            {
                Assert.False(upload.HasExited, "curl ended before 10 MiB arrived");
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }

            var killed = await ExternalProcess.RunAsync("kill", ["-KILL", nodeA.StartedProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(killed.ExitCode == 0, killed.ToString());
            upload.Kill(entireProcessTree: true);
        }

        ProcessResult resumed;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            // Until HAProxy sees node A down and A's lease on the partial ran out, a resume may be refused.
            while ((resumed = await ExternalProcess.RunAsync("curl", [.. curl, "-C", "-", url], source.Directory)).ExitCode != 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
        }

        Assert.Equal(source.Sha256, RandomFile.Sha256Of(nodeA.DeliveredFile("aix", name)));
        Assert.Contains($"Delivered /toibm/aix/{name}", nodeB.Log, StringComparison.Ordinal);
        Assert.Equal("1", await postgres.QueryAsync("ecurep", $"select count(*) from receipts where name = '{name}' and size = {RandomFile.Size}"));
    }
}
