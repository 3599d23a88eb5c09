using EcurepServer.Catalog.Postgres;
using EcurepServer.Core.Events;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using Npgsql;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The outbox and the shared fault rules of the PostgreSQL catalog, with two provider instances standing for two
/// nodes: two takers never get the same event, a dead taker's lease runs out and the other node sends its events,
/// an upload's events are queued and withdrawn all or none, and "the next N" firings count across nodes.
/// </summary>
public sealed class PostgresEventCatalogTests(PostgresCatalogTests.Cluster cluster) : IClassFixture<PostgresCatalogTests.Cluster>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_takers_never_get_the_same_event()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var onA = new PostgresEventCatalog(a.Database);
        var onB = new PostgresEventCatalog(b.Database);
        for (var i = 0; i < 40; i++)
        {
            await (i % 2 == 0 ? onA : onB).EnqueueAsync([Event(i, "hook")], default);
        }

        async Task<List<string>> TakeAllAsync(PostgresEventCatalog catalog, string node)
        {
            var taken = new List<string>();
            for (var round = 0; round < 30; round++)
            {
                foreach (var outboxEvent in await catalog.TakeAsync("hook", node, 3, Now, Now.AddMinutes(1), default))
                {
                    taken.Add(outboxEvent.Id);
                    await catalog.MarkDeliveredAsync(outboxEvent, Now, default);
                }
            }

            return taken;
        }

        var takes = await Task.WhenAll(Task.Run(() => TakeAllAsync(onA, "node-a")), Task.Run(() => TakeAllAsync(onB, "node-b")));

        var all = takes[0].Concat(takes[1]).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(0, await onA.PendingCountAsync(default));
    }

    [Fact]
    public async Task The_lease_of_a_dead_taker_expires_and_the_other_node_takes_its_events_in_order()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var onA = new PostgresEventCatalog(a.Database);
        var onB = new PostgresEventCatalog(b.Database);
        await onA.EnqueueAsync([Event(1, "hook"), Event(1, "other")], default);
        await onB.EnqueueAsync([Event(2, "hook")], default);

        Assert.Equal(Id(1), Assert.Single(await onA.TakeAsync("hook", "node-a", 1, Now, Now.AddSeconds(30), default)).Id);
        Assert.Empty(await onB.TakeAsync("hook", "node-b", 10, Now.AddSeconds(29), Now.AddSeconds(59), default));
        Assert.Equal("other", Assert.Single(await onB.TakeAsync("other", "node-b", 10, Now, Now.AddSeconds(30), default)).Sink);

        // Node a died holding event 1: once its lease ran out, node b sends the sink's events, oldest first.
        var takenByB = await onB.TakeAsync("hook", "node-b", 10, Now.AddSeconds(30), Now.AddSeconds(60), default);
        Assert.Equal([Id(1), Id(2)], takenByB.Select(e => e.Id));
        Assert.Equal(Event(1, "hook").Receipt, takenByB[0].Receipt);
        Assert.Empty(await onA.TakeAsync("hook", "node-a", 10, Now.AddSeconds(31), Now.AddSeconds(61), default));

        Assert.Equal(3, await onB.RenewLeasesAsync("node-b", Now.AddSeconds(120), default));
        Assert.Empty(await onA.TakeAsync("hook", "node-a", 10, Now.AddSeconds(90), Now.AddSeconds(150), default));
        await onB.MarkFailedAsync(takenByB[0], "HTTP 503", default);
        await onB.MarkDeliveredAsync(takenByB[1], Now.AddSeconds(40), default);
        Assert.Equal("HTTP 503", Assert.Single(await onA.ListAsync([EventState.Failed], default)).LastError);
        Assert.Equal(1, await onA.RetryAsync(Id(1), Now.AddHours(1), default));
        Assert.Equal(Now.AddHours(1), Assert.Single(await onA.TakeAsync("hook", "node-a", 10, Now.AddHours(1), Now.AddHours(2), default)).CreatedUtc);
        Assert.Equal(1, await onA.PruneDeliveredAsync(Now.AddHours(1), default));
    }

    [Fact]
    public async Task An_uploads_events_are_queued_all_or_none_and_withdrawn_together()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        var catalog = new PostgresEventCatalog(a.Database);
        await catalog.EnqueueAsync([Event(1, "hook")], default);

        await Assert.ThrowsAsync<PostgresException>(async () => await catalog.EnqueueAsync([Event(2, "hook"), Event(2, "other"), Event(1, "hook")], default));
        Assert.Equal([Id(1)], (await catalog.ListAsync([], default)).Select(e => e.Id));

        await catalog.EnqueueAsync([Event(3, "hook"), Event(3, "other")], default);
        await catalog.WithdrawAsync([Event(3, "hook"), Event(3, "other")], default);
        Assert.Equal(1, await catalog.PendingCountAsync(default));
        Assert.Equal(1, await catalog.ImportAsync([Event(1, "hook"), Event(4, "hook") with { State = EventState.Failed, LastError = "exit 3" }], default));
        Assert.Equal("exit 3", Assert.Single(await catalog.ListAsync([EventState.Failed], default)).LastError);
    }

    [Fact]
    public async Task The_next_n_firings_of_a_shared_fault_rule_count_across_nodes()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var onA = new PostgresFaultCatalog(a.Database);
        var onB = new PostgresFaultCatalog(b.Database);
        var stamp = onB.Stamp();

        var id = onA.Add(null, "{\"point\":\"STOR\"}", 3, Now);

        Assert.True(onB.Stamp() > stamp);
        var counted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).TryCount(id))));
        Assert.Equal(3, counted.Count(fired => fired));
        Assert.Equal(3, Assert.Single(onB.Read()).Fired);
        Assert.Equal(id, onB.Add(id, "{\"point\":\"RETR\"}", null, Now));
        Assert.Equal(0, Assert.Single(onA.Read()).Fired);
        Assert.True(onA.Remove(id));
        Assert.False(onB.TryCount(id));
        Assert.Equal(0, onB.Clear());
    }

    [Fact]
    public async Task Fault_rules_are_added_counted_removed_and_cleared_asynchronously_across_nodes()
    {
        await using var a = await cluster.MigratedDatabaseAsync();
        await using var b = a.SecondNode();
        var onA = new PostgresFaultCatalog(a.Database);
        var onB = new PostgresFaultCatalog(b.Database);
        var stamp = await onB.StampAsync(default);

        var id = await onA.AddAsync(null, "{\"point\":\"STOR\"}", 3, Now, default);

        Assert.True(await onB.StampAsync(default) > stamp);
        var counted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? onA : onB).TryCountAsync(id, default).AsTask()));
        Assert.Equal(3, counted.Count(fired => fired));
        Assert.Equal(3, Assert.Single(await onB.ReadAsync(default)).Fired);
        Assert.Equal(id, await onB.AddAsync(id, "{\"point\":\"RETR\"}", null, Now, default));
        Assert.Equal(0, Assert.Single(await onA.ReadAsync(default)).Fired);
        var second = await onB.AddAsync(null, "{\"point\":\"PASV\"}", null, Now, default);
        Assert.NotEqual(id, second);
        Assert.True(await onA.RemoveAsync(id, default));
        Assert.False(await onB.TryCountAsync(id, default));
        Assert.Equal(1, await onB.ClearAsync(default));
        Assert.Empty(await onA.ReadAsync(default));
    }

    private static string Id(int n) => $"00000000-0000-7000-8000-{n:D12}";

    private static OutboxEvent Event(int n, string sink)
    {
        var name = $"TS00000000{n}_a.bin";
        var receipt = new Receipt($"/toibm/aix/{name}", 10, new string('a', 64), "E-ABCD12345f", false, "Europe", "ftps", "127.0.0.1", "s1", Now, Now.AddMinutes(n), FileNameRouter.Classify(name), null);
        return new OutboxEvent(Id(n), sink, OutboxEvent.UploadDelivered, Now.AddMinutes(n), $"/data/uploads/{n}", receipt);
    }
}
