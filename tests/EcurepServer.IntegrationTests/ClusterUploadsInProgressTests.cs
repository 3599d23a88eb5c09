using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// Two server processes on one data directory and one PostgreSQL catalog: an upload in progress on node A is listed
/// from node B ("uploads active" with B's configuration), with its account, client and bytes so far, because the
/// list comes from the claims in the catalog, not from one process's memory.
/// </summary>
public sealed class ClusterUploadsInProgressTests(RandomFile source) : IClassFixture<RandomFile>
{
    private const string TransferId = "E-ACTIVE1234a";
    private const string Password = "active-password-1";

    [Fact]
    public async Task An_upload_in_progress_on_node_A_is_listed_from_node_B()
    {
        const string name = "TS012345678_active.bin";
        await using var postgres = await PostgresCluster.StartAsync();
        await postgres.CreateDatabaseAsync("ecurep");
        string[] shared = ["Catalog:Provider=postgres", $"Catalog:ConnectionString={postgres.ConnectionString("ecurep")}"];
        await using var nodeA = ServerProcess.Create(shared);
        await nodeA.AddAccountAsync(TransferId, Password);
        await nodeA.StartAsync();
        await using var nodeB = ServerProcess.Create([.. shared, $"DataDirectory={nodeA.DataDirectory}"]);
        await nodeB.StartAsync();
        var url = FtpsCurl.Url(await nodeA.ListeningEndPointAsync("Europe"), "toibm/aix/" + name);

        // Slow enough to be still running while node B looks.
        using var upload = ExternalProcess.Start(
            "curl", ["--ssl-reqd", "-k", "-sS", "--max-time", "300", "--limit-rate", "64K", "--user", $"{TransferId}:{Password}", "-T", source.FilePath, url], source.Directory);
        try
        {
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while (nodeA.PartialBytes("aix", name) == 0)
                {
                    Assert.False(upload.HasExited, "curl ended before its upload began");
                    await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
                }
            }

            var listed = await nodeB.CliAsync(null, "uploads", "active", "--json");

            Assert.True(listed.ExitCode == 0, listed.ToString());
            var active = JsonDocument.Parse(Assert.Single(listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
            Assert.Equal($"/toibm/aix/{name}", active.GetProperty("path").GetString());
            Assert.Equal(TransferId, active.GetProperty("account").GetString());
            Assert.Equal("127.0.0.1", active.GetProperty("clientAddress").GetString());
            Assert.Equal("ftps", active.GetProperty("protocol").GetString());
            Assert.True(active.GetProperty("bytes").GetInt64() > 0, listed.Output);
            Assert.Equal("1", await postgres.QueryAsync("ecurep", $"select count(distinct node_id) from upload_claims where node_id = '{active.GetProperty("node").GetString()}'"));
        }
        finally
        {
            upload.Kill(entireProcessTree: true);
        }
    }
}
