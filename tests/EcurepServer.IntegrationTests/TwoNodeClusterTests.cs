using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Two server processes on one data directory and one PostgreSQL catalog behind HAProxy (send-proxy-v2), as
/// deploy/cluster runs them: curl FTPS and OpenSSH sftp uploads land on both nodes, and every receipt is visible from
/// either node with the client's address; a 50 MiB upload cut by killing its node (SIGKILL) is resumed with curl -C -
/// and with sftp reput through HAProxy on the other node once the dead node's lease on it ran out; a ban node A
/// imposes refuses the address on node B and a lift through node A's API frees it there; both nodes sweeping delete
/// each expired upload once; the same name uploaded from both nodes at once loses neither. One PostgreSQL cluster
/// serves the class, a database each test.
/// </summary>
public sealed class TwoNodeClusterTests(RandomFile source, PostgresClusterFixture postgres) : IClassFixture<RandomFile>, IClassFixture<PostgresClusterFixture>
{
    private const string TransferId = "E-CLUSTR1234a";
    private const string Password = "cluster-password-1";
    private const string OtherTransferId = "E-CLUSTR5678b";
    private const string OtherPassword = "cluster-password-2";
    private const string Token = "cluster-token-0123456789";

    /// <summary>Short leases, so a dead node's uploads are free again within seconds.</summary>
    private static readonly string[] ShortLeases = ["Catalog:LeaseDuration=00:00:02", "Catalog:LeaseRenewInterval=00:00:00.5"];

    [Fact]
    public async Task Uploads_through_haproxy_land_on_both_nodes_with_receipts_visible_from_both()
    {
        var database = await postgres.NewDatabaseAsync();
        var shared = Shared(database);
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await using var nodeB = SecondNode(nodeA, shared);
        await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>>
            {
                ["ftps"] = [await nodeA.ListeningEndPointAsync("Europe"), await nodeB.ListeningEndPointAsync("Europe")],
                ["sftp"] = [await nodeA.ListeningEndPointAsync("Europe", "sftp"), await nodeB.ListeningEndPointAsync("Europe", "sftp")],
            },
            balance: "roundrobin");
        var file = await SmallFileAsync(nodeA, "report.zip", 128 * 1024);
        var sftp = new SftpClients(haproxy.Frontends["sftp"], nodeA.Root);

        for (var i = 0; i < 2; i++)
        {
            var ftps = await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, file, $"toibm/aix/ftps-{i}.zip", "--max-time", "60");
            Assert.True(ftps.ExitCode == 0, ftps.ToString());
            var put = await sftp.SftpAsync(TransferId, Password, $"put report.zip toibm/aix/sftp-{i}.zip");
            Assert.True(put.ExitCode == 0, put.ToString());
        }

        Assert.Equal("4", await postgres.Cluster.QueryAsync(database, "select count(*) from receipts where client_address = '127.0.0.1'"));
        Assert.False(File.Exists(Path.Combine(nodeA.DataDirectory, "catalog.db")));
        // Round robin, unless a health check on the loaded machine took a node out for a moment.
        Assert.InRange(Regex.Count(nodeA.Log, "Delivered "), 1, 3);
        Assert.Equal(4, Regex.Count(nodeA.Log, "Delivered ") + Regex.Count(nodeB.Log, "Delivered "));
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
        var database = await postgres.NewDatabaseAsync();
        string[] shared = [.. Shared(database), .. ShortLeases];
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await using var nodeB = SecondNode(nodeA, shared);
        await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>> { ["ftps"] = [await nodeA.ListeningEndPointAsync("Europe"), await nodeB.ListeningEndPointAsync("Europe")] });
        var url = FtpsCurl.Url(haproxy.Frontends["ftps"], "toibm/aix/" + name);
        string[] curl = ["--ssl-reqd", "-k", "-sS", "--max-time", "120", "--user", $"{TransferId}:{Password}", "-T", source.FilePath];

        using (var upload = ExternalProcess.Start("curl", [.. curl, "--limit-rate", "4M", url], source.Directory))
        {
            await KillAfterTenMebibytesAsync(nodeA, name, upload);
        }

        // Until HAProxy sees node A down and A's lease on the partial ran out, a resume is refused ("in progress").
        await UntilAsync(() => ExternalProcess.RunAsync("curl", [.. curl, "-C", "-", url], source.Directory), resumed => resumed.ExitCode == 0);

        Assert.Equal(source.Sha256, RandomFile.Sha256Of(nodeA.DeliveredFile("aix", name)));
        Assert.Contains($"Delivered /toibm/aix/{name}", nodeB.Log, StringComparison.Ordinal);
        Assert.Equal("1", await postgres.Cluster.QueryAsync(database, $"select count(*) from receipts where name = '{name}' and size = {RandomFile.Size}"));
    }

    [Fact]
    public async Task An_sftp_upload_cut_by_killing_its_node_is_completed_by_openssh_reput_through_haproxy_on_the_other_node()
    {
        const string name = "TS012345678_reput.bin";
        var database = await postgres.NewDatabaseAsync();
        string[] shared = [.. Shared(database), .. ShortLeases];
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await using var nodeB = SecondNode(nodeA, shared);
        await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>> { ["sftp"] = [await nodeA.ListeningEndPointAsync("Europe", "sftp"), await nodeB.ListeningEndPointAsync("Europe", "sftp")] });
        var sftp = new SftpClients(haproxy.Frontends["sftp"], source.Directory);

        using (var upload = sftp.StartSftp(TransferId, Password, limitKbitPerSecond: 32_000, $"put {source.FilePath} toibm/aix/{name}"))
        {
            await KillAfterTenMebibytesAsync(nodeA, name, upload);
        }

        // reput asks for the remote size (the interrupted upload's) and writes from there; until A's lease ran out it is refused.
        await UntilAsync(() => sftp.SftpAsync(TransferId, Password, $"reput {source.FilePath} toibm/aix/{name}"), resumed => resumed.ExitCode == 0);

        Assert.Equal(source.Sha256, RandomFile.Sha256Of(nodeA.DeliveredFile("aix", name)));
        Assert.Contains($"Delivered /toibm/aix/{name}", nodeB.Log, StringComparison.Ordinal);
        Assert.DoesNotContain($"Delivered /toibm/aix/{name}", nodeA.Log, StringComparison.Ordinal);
        Assert.Equal($"1|{source.Sha256}", await postgres.Cluster.QueryAsync(database, $"select count(*), max(sha256) from receipts where name = '{name}' and size = {RandomFile.Size}"));
    }

    [Fact]
    public async Task A_ban_node_a_imposes_through_haproxy_refuses_the_address_on_node_b_and_a_lift_through_node_as_api_frees_it_there()
    {
        const string guesser = "127.0.0.3";
        var database = await postgres.NewDatabaseAsync();
        string[] shared = [.. Shared(database), "Defender:AllowList:0=127.0.0.5/32", "Defender:Threshold=6"];
        await using var nodeA = ServerProcess.Create([.. shared, "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}"]);
        await nodeA.AddAccountAsync(TransferId, Password);
        await using var nodeB = SecondNode(nodeA, shared);
        await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>> { ["ftps"] = [await nodeA.ListeningEndPointAsync("Europe"), await nodeB.ListeningEndPointAsync("Europe")] });
        var file = await SmallFileAsync(nodeA, "report.zip", 16 * 1024);
        var nodeBFtps = await nodeB.ListeningEndPointAsync("Europe");
        var nodeBSftp = new SftpClients(await nodeB.ListeningEndPointAsync("Europe", "sftp"), nodeA.Root);

        // Through HAProxy ("first": node A), the guesser's address comes from the PROXY v2 header.
        for (var i = 0; i < 10 && !nodeA.Log.Contains($"Banned {guesser} until", StringComparison.Ordinal); i++)
        {
            await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, "wrong-password", file, "toibm/aix/guess.zip", "--interface", guesser, "--max-time", "60");
        }

        await nodeA.WaitForLogAsync(@"Banned 127\.0\.0\.3 until");
        Assert.DoesNotContain("Failed login", nodeB.Log, StringComparison.Ordinal);

        // Node B sees the ban within Catalog:PollInterval.
        var refused = await UntilAsync(
            () => FtpsCurl.UploadAsync(nodeBFtps, TransferId, Password, file, "toibm/aix/refused.zip", "--interface", guesser, "--max-time", "60", "-v"),
            result => result.AllOutput.Contains("< 421 Service not available: too many failed logins or errors from your address", StringComparison.Ordinal));
        Assert.NotEqual(0, refused.ExitCode);
        var refusedSftp = await nodeBSftp.SftpWithOptionsAsync(["-o", $"BindAddress={guesser}"], TransferId, Password, "put report.zip toibm/aix/refused-sftp.zip");
        Assert.NotEqual(0, refusedSftp.ExitCode);
        var other = await FtpsCurl.UploadAsync(nodeBFtps, TransferId, Password, file, "toibm/aix/beside-ban.zip", "--max-time", "60");
        Assert.True(other.ExitCode == 0, other.ToString());
        var otherSftp = await nodeBSftp.SftpAsync(TransferId, Password, "put report.zip toibm/aix/beside-ban-sftp.zip");
        Assert.True(otherSftp.ExitCode == 0, otherSftp.ToString());
        Assert.Contains(guesser, (await nodeB.CliAsync(null, "bans", "list")).Output, StringComparison.Ordinal);

        using var api = new HttpClient { BaseAddress = new Uri(nodeA.Ready.GetProperty("managementUrl").GetString()!) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/bans/{guesser}")).StatusCode);

        await UntilAsync(
            () => FtpsCurl.UploadAsync(nodeBFtps, TransferId, Password, file, "toibm/aix/after-lift.zip", "--interface", guesser, "--max-time", "60"),
            result => result.ExitCode == 0);
        var afterLift = await nodeBSftp.SftpWithOptionsAsync(["-o", $"BindAddress={guesser}"], TransferId, Password, "put report.zip toibm/aix/after-lift-sftp.zip");
        Assert.True(afterLift.ExitCode == 0, afterLift.ToString());
        Assert.Equal("0", await postgres.Cluster.QueryAsync(database, "select count(*) from receipts where name like 'refused%'"));
    }

    [Fact]
    public async Task Both_nodes_sweeping_delete_each_expired_upload_once_and_leave_the_rest()
    {
        var database = await postgres.NewDatabaseAsync();
        string[] shared = [.. Shared(database), "DropBox:RetentionSweepInterval=00:00:01"];
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await using var nodeB = SecondNode(nodeA, shared);
        await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>> { ["ftps"] = [await nodeA.ListeningEndPointAsync("Europe"), await nodeB.ListeningEndPointAsync("Europe")] },
            balance: "roundrobin");
        var file = await SmallFileAsync(nodeA, "report.zip", 32 * 1024);
        string[] expired = [.. Enumerable.Range(0, 6).Select(i => $"old-{i}.zip")];
        string[] kept = ["new-0.zip", "new-1.zip"];
        foreach (var name in expired.Concat(kept))
        {
            var upload = await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, file, $"toibm/aix/{name}", "--max-time", "60");
            Assert.True(upload.ExitCode == 0, upload.ToString());
        }

        Assert.Contains("Delivered ", nodeA.Log, StringComparison.Ordinal);
        Assert.Contains("Delivered ", nodeB.Log, StringComparison.Ordinal);

        // Eight days old now, past the default retention of seven; both nodes sweep every second.
        await postgres.Cluster.QueryAsync(database, "update receipts set completed_utc = completed_utc - interval '8 days' where name like 'old-%'");
        await UntilAsync(
            () => postgres.Cluster.QueryAsync(database, "select count(*) from receipts where deleted_utc is not null"),
            count => count == "6");

        // One more expired upload swept after them: a sweep has run since with those marked deleted.
        var sentinel = await FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, file, "toibm/aix/old-sentinel.zip", "--max-time", "60");
        Assert.True(sentinel.ExitCode == 0, sentinel.ToString());
        await postgres.Cluster.QueryAsync(database, "update receipts set completed_utc = completed_utc - interval '8 days' where name = 'old-sentinel.zip'");
        await UntilAsync(
            () => postgres.Cluster.QueryAsync(database, "select count(*) from receipts where deleted_utc is not null"),
            count => count == "7");

        var logs = nodeA.Log + nodeB.Log;
        foreach (var name in expired.Append("old-sentinel.zip"))
        {
            Assert.Equal(1, Regex.Count(logs, $"Retention deleted /toibm/aix/{Regex.Escape(name)} "));
            Assert.False(File.Exists(nodeA.DeliveredFile("aix", name)), name);
        }

        Assert.DoesNotContain("Retention marked", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Retention sweep failed", logs, StringComparison.Ordinal);
        Assert.Equal("7|0", await postgres.Cluster.QueryAsync(database, "select count(*) filter (where name like 'old-%'), count(*) filter (where already_gone) from receipts where deleted_utc is not null"));
        foreach (var name in kept)
        {
            Assert.True(File.Exists(nodeA.DeliveredFile("aix", name)), name);
        }

        Assert.Equal("2", await postgres.Cluster.QueryAsync(database, "select count(*) from receipts where deleted_utc is null"));
    }

    [Fact]
    public async Task The_same_name_uploaded_from_both_nodes_at_once_loses_neither_upload()
    {
        const string name = "TS012345678_same.bin";
        var database = await postgres.NewDatabaseAsync();
        var shared = Shared(database);
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await nodeA.AddAccountAsync(OtherTransferId, OtherPassword);
        await using var nodeB = SecondNode(nodeA, shared);
        await Task.WhenAll(nodeA.StartAsync(), nodeB.StartAsync());
        await using var haproxy = await HaproxyProcess.StartAsync(
            new Dictionary<string, IReadOnlyList<IPEndPoint>> { ["ftps"] = [await nodeA.ListeningEndPointAsync("Europe"), await nodeB.ListeningEndPointAsync("Europe")] },
            balance: "roundrobin");
        var first = await SmallFileAsync(nodeA, "first.bin", 2 * 1024 * 1024);
        var second = await SmallFileAsync(nodeA, "second.bin", 2 * 1024 * 1024);
        var nodeAFtps = await nodeA.ListeningEndPointAsync("Europe");
        var nodeBFtps = await nodeB.ListeningEndPointAsync("Europe");
        string[] slow = ["--limit-rate", "1M", "--max-time", "60"];

        // Two accounts, one name, at once: straight to each node, then both through HAProxy (one to each node).
        var direct = await Task.WhenAll(
            FtpsCurl.UploadAsync(nodeAFtps, TransferId, Password, first, $"toibm/aix/{name}", slow),
            FtpsCurl.UploadAsync(nodeBFtps, OtherTransferId, OtherPassword, second, $"toibm/aix/{name}", slow));
        var balanced = await Task.WhenAll(
            FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], TransferId, Password, second, $"toibm/aix/balanced-{name}", slow),
            FtpsCurl.UploadAsync(haproxy.Frontends["ftps"], OtherTransferId, OtherPassword, first, $"toibm/aix/balanced-{name}", slow));

        Assert.All(direct.Concat(balanced), result => Assert.True(result.ExitCode == 0, result.ToString()));
        Assert.Contains("Delivered /toibm/aix/balanced-", nodeA.Log, StringComparison.Ordinal);
        Assert.Contains("Delivered /toibm/aix/balanced-", nodeB.Log, StringComparison.Ordinal);
        var sha = new Dictionary<string, string> { [first] = RandomFile.Sha256Of(first), [second] = RandomFile.Sha256Of(second) };
        foreach (var (upload, account, content) in new[]
        {
            (name, TransferId, first), (name, OtherTransferId, second), ($"balanced-{name}", TransferId, second), ($"balanced-{name}", OtherTransferId, first),
        })
        {
            var stored = await postgres.Cluster.QueryAsync(database, $"select sha256 || '|' || stored_path from receipts where name = '{upload}' and account = '{account}'");
            var parts = stored.Split('|');
            Assert.Equal(sha[content], parts[0]);
            var onDisk = Directory.GetFiles(Path.Combine(nodeA.DataDirectory, "uploads", "toibm", "aix"), upload, SearchOption.AllDirectories)
                .Where(path => !path.Contains("/.partial/", StringComparison.Ordinal))
                .Select(RandomFile.Sha256Of);
            Assert.Contains(sha[content], onDisk);
        }

        // One account, one name, both nodes at once: one is delivered, the other refused (never both, never a
        // receipt for bytes another upload replaced).
        var same = await Task.WhenAll(
            FtpsCurl.UploadAsync(nodeAFtps, TransferId, Password, first, "toibm/aix/contended.bin", slow),
            FtpsCurl.UploadAsync(nodeBFtps, TransferId, Password, second, "toibm/aix/contended.bin", slow));
        var delivered = Assert.Single(same.Select((result, i) => (result, content: i == 0 ? first : second)), pair => pair.result.ExitCode == 0);
        Assert.Equal(
            $"1|{sha[delivered.content]}",
            await postgres.Cluster.QueryAsync(database, "select count(*), max(sha256) from receipts where name = 'contended.bin'"));
        Assert.Equal(sha[delivered.content], RandomFile.Sha256Of(nodeA.DeliveredFile("aix", "contended.bin")));
    }

    /// <summary>The settings both nodes share: the PostgreSQL catalog, HAProxy trusted at the Europe site.</summary>
    private string[] Shared(string database) =>
    [
        "Catalog:Provider=postgres",
        $"Catalog:ConnectionString={postgres.Cluster.ConnectionString(database)}",
        $"Sites:Europe:ProxyProtocol:TrustedProxies:0={HaproxyProcess.Source}",
    ];

    /// <summary>Node B: node A's data directory, with its own ports; the accounts come from the shared catalog.</summary>
    private static ServerProcess SecondNode(ServerProcess nodeA, IReadOnlyList<string> settings) =>
        ServerProcess.Create([.. settings, $"DataDirectory={nodeA.DataDirectory}"]);

    private static async Task<string> SmallFileAsync(ServerProcess node, string name, int size)
    {
        var file = Path.Combine(node.Root, name);
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(size));
        return file;
    }

    /// <summary>Kills node A (SIGKILL) once 10 MiB of <paramref name="name"/> arrived, then the client.</summary>
    private static async Task KillAfterTenMebibytesAsync(ServerProcess nodeA, string name, System.Diagnostics.Process client)
    {
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (nodeA.PartialBytes("aix", name) < 10L * 1024 * 1024)
            {
                Assert.False(client.HasExited, "the client ended before 10 MiB arrived");
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }

        var killed = await ExternalProcess.RunAsync("kill", ["-KILL", nodeA.StartedProcessId.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(killed.ExitCode == 0, killed.ToString());
        client.Kill(entireProcessTree: true);
        await client.WaitForExitAsync();
    }

    /// <summary>Runs <paramref name="attempt"/> until <paramref name="done"/> holds (at most a minute) and gives the result that made it.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> attempt, Func<T, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        T result;
        while (!done(result = await attempt()))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }

        return result;
    }
}
