using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Two server processes on one data directory and one PostgreSQL catalog: the upload events of both nodes, queued
/// while their webhook is down, are posted exactly once when it is back although both nodes' dispatchers run; a fault
/// rule armed through node A's management API answers the next upload on node B (real curl), once in all.
/// </summary>
public sealed class ClusterEventAndFaultTests : IDisposable
{
    private const string TransferId = "E-OUTBOX123a";
    private const string Password = "outbox-password-1";
    private const string Token = "cluster-outbox-token-0123456789";

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Events_queued_on_both_nodes_while_the_webhook_is_down_are_posted_once_each_when_it_is_back()
    {
        using var receiver = new WebhookReceiver();
        receiver.Stop();
        await using var postgres = await PostgresCluster.StartAsync();
        var (nodeA, nodeB) = await StartNodesAsync(
            postgres,
            "Events:Sinks:hook:Type=webhook",
            $"Events:Sinks:hook:Url={receiver.Url}",
            "Events:Sinks:hook:Secret=webhook-secret-0123456789",
            "Events:Sinks:hook:Timeout=00:00:05",
            "Events:FirstRetryDelay=00:00:00.2",
            "Events:MaxRetryDelay=00:00:00.5",
            "Events:ScanInterval=00:00:00.5",
            "Catalog:LeaseDuration=00:00:03",
            "Catalog:LeaseRenewInterval=00:00:01");
        await using (nodeA)
        await using (nodeB)
        {
            await UploadAsync(nodeA, "TS000000021_on_a.bin");
            await UploadAsync(nodeB, "TS000000022_on_b.bin");

            // One node at a time holds a sink's events, so either node may be the one that tried and failed.
            var tried = await Task.WhenAny(nodeA.WaitForLogAsync("Event delivery failed", TimeSpan.FromSeconds(60)), nodeB.WaitForLogAsync("Event delivery failed", TimeSpan.FromSeconds(60)));
            await tried;
            Assert.Contains("TS000000022_on_b.bin", (await nodeA.CliAsync(null, "events", "list", "--pending")).Output, StringComparison.Ordinal);

            receiver.Start();
            await Eventually.TrueAsync(() => receiver.Requests.Count >= 2, "both events posted", TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(() => nodeB.CliAsync(null, "events", "list", "--pending").Result.Output.Contains("No events match.", StringComparison.Ordinal), "no pending event");

            var posted = receiver.Requests;
            Assert.Equal(2, posted.Count);
            Assert.Equal(2, posted.Select(request => request.Headers["X-Ecurep-Event-Id"]).Distinct().Count());
            Assert.Single(posted, request => Encoding.UTF8.GetString(request.Body).Contains("TS000000021_on_a.bin", StringComparison.Ordinal));
            Assert.Single(posted, request => Encoding.UTF8.GetString(request.Body).Contains("TS000000022_on_b.bin", StringComparison.Ordinal));
            Assert.Equal("2", await postgres.QueryAsync("ecurep", "select count(*) from events where state = 'delivered'"));
        }
    }

    [Fact]
    public async Task A_fault_armed_through_node_As_api_answers_the_next_upload_on_node_B_and_fires_once_in_all()
    {
        await using var postgres = await PostgresCluster.StartAsync();
        var (nodeA, nodeB) = await StartNodesAsync(postgres, "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}", "Catalog:PollInterval=00:00:00.2");
        await using (nodeA)
        await using (nodeB)
        {
            using var apiA = Api(nodeA);
            using var apiB = Api(nodeB);
            using var armed = await apiA.PostAsJsonAsync("/faults?id=stor-451", new { point = "STOR", action = "reply", code = 451, text = "Injected on node A", times = 1 });
            Assert.Equal(System.Net.HttpStatusCode.Created, armed.StatusCode);
            await Eventually.TrueAsync(() => Rules(apiB).Result.ContainsKey("stor-451"), "node B to know the rule");

            var onB = await FtpsCurl.UploadAsync(await nodeB.ListeningEndPointAsync("Europe"), TransferId, Password, File("first.bin"), "toibm/aix/first.bin");
            var onA = await FtpsCurl.UploadAsync(await nodeA.ListeningEndPointAsync("Europe"), TransferId, Password, File("second.bin"), "toibm/aix/second.bin");

            Assert.True(onB.ExitCode == FtpsCurl.UploadFailed, onB.ToString());
            Assert.Contains("451", onB.Error, StringComparison.Ordinal);
            Assert.Contains("Fault stor-451 fired at STOR", nodeB.Log, StringComparison.Ordinal);
            Assert.True(onA.ExitCode == 0, onA.ToString());
            Assert.DoesNotContain("Fault stor-451 fired", nodeA.Log, StringComparison.Ordinal);
            Assert.Equal(1, (await Rules(apiA))["stor-451"]);

            using var cleared = await apiB.DeleteAsync("/faults/stor-451");
            Assert.Equal(System.Net.HttpStatusCode.NoContent, cleared.StatusCode);
            Assert.Empty(await Rules(apiA));
        }
    }

    /// <summary>Node A, then node B on A's data directory, both on one new database of <paramref name="postgres"/>.</summary>
    private static async Task<(ServerProcess NodeA, ServerProcess NodeB)> StartNodesAsync(PostgresCluster postgres, params string[] settings)
    {
        await postgres.CreateDatabaseAsync("ecurep");
        string[] shared = ["Catalog:Provider=postgres", $"Catalog:ConnectionString={postgres.ConnectionString("ecurep")}", .. settings];
        var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await nodeA.StartAsync();
        var nodeB = ServerProcess.Create([.. shared, $"DataDirectory={nodeA.DataDirectory}"]);
        await nodeB.StartAsync();
        return (nodeA, nodeB);
    }

    private static HttpClient Api(ServerProcess node)
    {
        var api = new HttpClient { BaseAddress = new Uri(node.Ready.GetProperty("managementUrl").GetString()!) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return api;
    }

    private static async Task<Dictionary<string, long>> Rules(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/faults")).EnumerateArray()
            .ToDictionary(rule => rule.GetProperty("id").GetString()!, rule => rule.GetProperty("fired").GetInt64());

    private async Task UploadAsync(ServerProcess node, string name)
    {
        var result = await FtpsCurl.UploadAsync(await node.ListeningEndPointAsync("Europe"), TransferId, Password, File(name), "toibm/aix/" + name);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private string File(string name)
    {
        var path = Path.Combine(_files.Path, name);
        System.IO.File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(10_000));
        return path;
    }
}
