using System.Net;
using EcurepServer.Core.Faults;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Catalog.Sqlite.Tests;

/// <summary>Shared fault rules in the SQLite catalog, as two processes on one file see them.</summary>
public sealed class SqliteFaultCatalogTests : IDisposable
{
    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task The_next_n_firings_count_across_processes_and_every_change_moves_the_stamp()
    {
        await _fixture.MigratedAsync();
        var nodeA = new SqliteFaultCatalog(_fixture.Open());
        var nodeB = new SqliteFaultCatalog(_fixture.Open());
        var before = nodeB.Stamp();

        var id = nodeA.Add(null, "{\"point\":\"STOR\"}", 3, SqliteCatalogFixture.Now);

        Assert.StartsWith("fault-", id, StringComparison.Ordinal);
        Assert.NotEqual(before, nodeB.Stamp());
        var counted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? nodeA : nodeB).TryCount(id))));
        Assert.Equal(3, counted.Count(fired => fired));
        Assert.Equal(3, Assert.Single(nodeB.Read()).Fired);

        var replaced = nodeB.Add(id, "{\"point\":\"RETR\"}", 1, SqliteCatalogFixture.Now);
        Assert.Equal(id, replaced);
        Assert.True(nodeA.TryCount(id));
        Assert.False(nodeA.TryCount(id));

        var second = nodeA.Add(null, "{\"point\":\"open\"}", null, SqliteCatalogFixture.Now);
        Assert.NotEqual(id, second);
        Assert.Equal([id, second], nodeB.Read().Select(rule => rule.Id));
        var stamp = nodeB.Stamp();
        Assert.True(nodeB.Remove(second));
        Assert.False(nodeA.TryCount(second));
        Assert.Equal(1, nodeA.Clear());
        Assert.True(nodeA.Stamp() > stamp);
        Assert.Empty(nodeB.Read());
    }

    [Fact]
    public async Task A_rule_armed_on_one_node_fires_on_the_other_and_the_next_n_count_across_both()
    {
        await _fixture.MigratedAsync();
        var time = new ManualTimeProvider();
        var nodeA = new FaultRegistry(time, NullLogger<FaultRegistry>.Instance, new SqliteFaultCatalog(_fixture.Open()), TimeSpan.FromSeconds(1));
        var nodeB = new FaultRegistry(time, NullLogger<FaultRegistry>.Instance, new SqliteFaultCatalog(_fixture.Open()), TimeSpan.FromSeconds(1));
        var stor = new FaultProbe("Europe", "ftps", "E-ALICE00001a", IPAddress.Loopback, "STOR", FaultActionKind.Reply);
        Assert.Null(await nodeB.FireAsync(stor, CancellationToken.None));

        var rule = await nodeA.AddAsync(new FaultRule(new FaultMatch(), new FaultPoint("STOR"), new FaultAction(FaultActionKind.Reply, 451, "Injected."), Times: 2), CancellationToken.None);
        Assert.Null(await nodeB.FireAsync(stor, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(451, (await nodeB.FireAsync(stor, CancellationToken.None))?.Action.Code);
        Assert.Equal(rule.Id, (await nodeA.FireAsync(stor, CancellationToken.None))?.RuleId);
        Assert.Null(await nodeB.FireAsync(stor, CancellationToken.None));
        Assert.Null(await nodeA.FireAsync(stor, CancellationToken.None));
        var status = Assert.Single(await nodeB.ListAsync(CancellationToken.None));
        Assert.Equal(2, status.Fired);
        Assert.True(status.Exhausted);

        Assert.Equal(1, await nodeB.ClearAsync(CancellationToken.None));
        Assert.Empty(await nodeA.ListAsync(CancellationToken.None));
    }
}
