using System.Globalization;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>The throwaway PostgreSQL the cluster tests run on: started as an unprivileged user, reachable, gone after.</summary>
public sealed class PostgresClusterTests
{
    [Fact]
    public async Task A_throwaway_cluster_runs_as_an_unprivileged_user_and_leaves_nothing_behind()
    {
        string directory;
        await using (var postgres = await PostgresCluster.StartAsync())
        {
            directory = postgres.DataDirectory;
            await postgres.CreateDatabaseAsync("smoke");

            Assert.Equal("1", await postgres.QueryAsync("smoke", "select 1"));
            var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(directory, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
            var uid = (await File.ReadAllLinesAsync($"/proc/{postmaster}/status")).First(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
            Assert.NotEqual("0", uid);
        }

        Assert.False(Directory.Exists(directory));
    }
}
