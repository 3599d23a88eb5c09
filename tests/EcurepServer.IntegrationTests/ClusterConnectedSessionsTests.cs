using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Two server processes on one data directory and one catalog (SQLite, then PostgreSQL): a session connected to node A
/// that uploads nothing is listed by node B's <c>GET /sessions/active</c>, because each node publishes its connected
/// sessions to the catalog; it leaves B's list when it ends, and when node A dies, once A's lease ran out.
/// </summary>
public sealed class ClusterConnectedSessionsTests
{
    private const string Token = "cluster-sessions-token-0123456789";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_session_connected_to_node_A_is_listed_by_node_B_until_it_ends_or_node_A_dies(string provider)
    {
        await using var postgres = provider == "postgres" ? await PostgresCluster.StartAsync() : null;
        List<string> shared =
        [
            "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}",
            "Catalog:PollInterval=00:00:00.2", "Catalog:LeaseDuration=00:00:02", "Catalog:LeaseRenewInterval=00:00:00.5",
        ];
        if (postgres is not null)
        {
            await postgres.CreateDatabaseAsync("ecurep");
            shared.AddRange(["Catalog:Provider=postgres", $"Catalog:ConnectionString={postgres.ConnectionString("ecurep")}"]);
        }

        await using var nodeA = ServerProcess.Create([.. shared]);
        await nodeA.StartAsync();
        await using var nodeB = ServerProcess.Create([.. shared, $"DataDirectory={nodeA.DataDirectory}"]);
        await nodeB.StartAsync();
        using var apiB = Api(nodeB);
        var ftpsA = await nodeA.ListeningEndPointAsync("Europe");

        string port;
        using (var client = await ConnectAsync(ftpsA))
        {
            port = ((IPEndPoint)client.Client.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
            var listed = await UntilAsync(() => ActiveAsync(apiB), sessions => sessions.Count == 1);
            var session = listed[0];
            Assert.Equal("ftps", session.GetProperty("protocol").GetString());
            Assert.Equal("Europe", session.GetProperty("site").GetString());
            Assert.EndsWith($":{port}", session.GetProperty("clientAddress").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, session.GetProperty("account").ValueKind);
        }

        await UntilAsync(() => ActiveAsync(apiB), sessions => sessions.Count == 0);

        using var orphan = await ConnectAsync(ftpsA);
        await UntilAsync(() => ActiveAsync(apiB), sessions => sessions.Count == 1);
        var killed = await ExternalProcess.RunAsync("kill", ["-KILL", nodeA.StartedProcessId.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(killed.ExitCode == 0, killed.ToString());
        await UntilAsync(() => ActiveAsync(apiB), sessions => sessions.Count == 0);
    }

    /// <summary>A control connection that has read its greeting and then says nothing.</summary>
    private static async Task<TcpClient> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        var greeting = new byte[4096];
        Assert.True(await client.GetStream().ReadAsync(greeting) > 0, "no greeting");
        return client;
    }

    private static HttpClient Api(ServerProcess node)
    {
        var api = new HttpClient { BaseAddress = new Uri(node.Ready.GetProperty("managementUrl").GetString()!) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return api;
    }

    private static async Task<IReadOnlyList<JsonElement>> ActiveAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement[]>("/sessions/active"))!;

    /// <summary>Runs <paramref name="attempt"/> until <paramref name="done"/> holds (at most a minute) and gives the result that made it.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> attempt, Func<T, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var result = await attempt();
            if (done(result))
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
