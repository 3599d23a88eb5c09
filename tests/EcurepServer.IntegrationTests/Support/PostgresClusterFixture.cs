using System.Globalization;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster for a whole test class (xunit class fixture): starting one costs seconds, a
/// database costs little, so each test takes a database of its own.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;
    private int _databases;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The PostgreSQL cluster has not started.");

    public async Task InitializeAsync() => _cluster = await PostgresCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Creates an empty database no other test uses and gives its name.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "ecurep" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await Cluster.CreateDatabaseAsync(name);
        return name;
    }
}
