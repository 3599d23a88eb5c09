using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Sqlite.Tests;

/// <summary>Two nodes on one catalog file: each lists the sessions the other published, until they end or their node stops renewing them.</summary>
public sealed class SqliteSessionCatalogTests : IDisposable
{
    private static readonly DateTimeOffset Now = SqliteCatalogFixture.Now;

    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Sessions_a_node_publishes_are_listed_on_the_other_updated_ended_and_dropped_when_their_lease_runs_out()
    {
        await _fixture.MigratedAsync();
        var nodeA = new SqliteSessionCatalog(_fixture.Open());
        var nodeB = new SqliteSessionCatalog(_fixture.Open());
        var first = Session("s1", "node-a", Now);
        var second = Session("s2", "node-a", Now.AddSeconds(1));
        var onB = Session("s3", "node-b", Now.AddSeconds(2));

        await nodeA.PublishAsync("node-a", [second, first], [], Now, Now.AddSeconds(30), default);
        await nodeB.PublishAsync("node-b", [onB], [], Now, Now.AddSeconds(30), default);
        Assert.Equal([first, second, onB], await nodeB.ListAsync(Now, default));

        var loggedIn = first with { Account = "E-ABCD12345f" };
        await nodeA.PublishAsync("node-a", [loggedIn], ["s2"], Now.AddSeconds(10), Now.AddSeconds(40), default);
        Assert.Equal([loggedIn, onB], await nodeB.ListAsync(Now.AddSeconds(10), default));

        // Node B stops renewing (it died): its session drops out once its lease ran out, and the next publication forgets it.
        await nodeA.PublishAsync("node-a", [], [], Now.AddSeconds(35), Now.AddSeconds(65), default);
        Assert.Equal([loggedIn], await nodeB.ListAsync(Now.AddSeconds(35), default));
        Assert.Equal([loggedIn], await nodeA.ListAsync(Now, default));

        await nodeA.RemoveNodeAsync("node-a", default);
        Assert.Empty(await nodeB.ListAsync(Now, default));
    }

    private static ConnectedSession Session(string id, string node, DateTimeOffset started) =>
        new(id, node, "Europe", "sftp", "192.0.2.7:40000", null, false, started);
}
