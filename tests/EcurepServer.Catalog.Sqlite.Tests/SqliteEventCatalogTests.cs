using EcurepServer.Core.Events;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite.Tests;

/// <summary>The outbox in the SQLite catalog, as two processes on one file see it.</summary>
public sealed class SqliteEventCatalogTests : IDisposable
{
    private static readonly DateTimeOffset Now = SqliteCatalogFixture.Now;

    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Two_takers_never_get_the_same_event()
    {
        await _fixture.MigratedAsync();
        var nodeA = new SqliteEventCatalog(_fixture.Open());
        var nodeB = new SqliteEventCatalog(_fixture.Open());
        for (var i = 0; i < 40; i++)
        {
            await nodeA.EnqueueAsync([Event(i, "hook")], CancellationToken.None);
        }

        async Task<List<string>> TakeAllAsync(SqliteEventCatalog catalog, string node)
        {
            var taken = new List<string>();
            for (var round = 0; round < 20; round++)
            {
                foreach (var outboxEvent in await catalog.TakeAsync("hook", node, 3, Now, Now.AddMinutes(1), CancellationToken.None))
                {
                    taken.Add(outboxEvent.Id);
                    await catalog.MarkDeliveredAsync(outboxEvent, Now, CancellationToken.None);
                }
            }

            return taken;
        }

        var takes = await Task.WhenAll(Task.Run(() => TakeAllAsync(nodeA, "a")), Task.Run(() => TakeAllAsync(nodeB, "b")));

        var all = takes[0].Concat(takes[1]).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(await nodeB.ListAsync([EventState.Pending], CancellationToken.None));
    }

    [Fact]
    public async Task A_sinks_events_stay_with_the_node_that_took_them_until_its_lease_of_a_dead_taker_expires()
    {
        await _fixture.MigratedAsync();
        var nodeA = new SqliteEventCatalog(_fixture.Open());
        var nodeB = new SqliteEventCatalog(_fixture.Open());
        await nodeA.EnqueueAsync([Event(1, "hook"), Event(1, "other")], CancellationToken.None);
        await nodeA.EnqueueAsync([Event(2, "hook")], CancellationToken.None);

        var takenByA = await nodeA.TakeAsync("hook", "a", 1, Now, Now.AddSeconds(30), CancellationToken.None);
        Assert.Equal(Id(1), Assert.Single(takenByA).Id);

        Assert.Empty(await nodeB.TakeAsync("hook", "b", 10, Now.AddSeconds(29), Now.AddSeconds(59), CancellationToken.None));
        Assert.Equal(Id(1), Assert.Single(await nodeB.TakeAsync("other", "b", 10, Now, Now.AddSeconds(30), CancellationToken.None)).Id);

        // Node a died without a word: its lease runs out and node b sends both of the sink's events, oldest first.
        var takenByB = await nodeB.TakeAsync("hook", "b", 10, Now.AddSeconds(30), Now.AddSeconds(60), CancellationToken.None);
        Assert.Equal([Id(1), Id(2)], takenByB.Select(e => e.Id));
        Assert.Empty(await nodeA.TakeAsync("hook", "a", 10, Now.AddSeconds(31), Now.AddSeconds(61), CancellationToken.None));

        // A node that renews keeps its leases; one that gives them up (a stop) hands them on at once.
        Assert.Equal(3, await nodeB.RenewLeasesAsync("b", Now.AddSeconds(120), CancellationToken.None));
        Assert.Empty(await nodeA.TakeAsync("hook", "a", 10, Now.AddSeconds(90), Now.AddSeconds(120), CancellationToken.None));
        await nodeB.RenewLeasesAsync("b", Now.AddSeconds(90), CancellationToken.None);
        Assert.Equal(2, (await nodeA.TakeAsync("hook", "a", 10, Now.AddSeconds(90), Now.AddSeconds(120), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Enqueue_is_all_or_none_and_withdraw_takes_every_event_of_the_upload_back()
    {
        await _fixture.MigratedAsync();
        var catalog = new SqliteEventCatalog(_fixture.Open());
        await catalog.EnqueueAsync([Event(1, "hook")], CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(async () => await catalog.EnqueueAsync([Event(2, "hook"), Event(2, "other"), Event(1, "hook")], CancellationToken.None));
        Assert.Equal([Id(1)], (await catalog.ListAsync([], CancellationToken.None)).Select(e => e.Id));

        await catalog.EnqueueAsync([Event(3, "hook"), Event(3, "other")], CancellationToken.None);
        await catalog.WithdrawAsync([Event(3, "hook"), Event(3, "other")], CancellationToken.None);
        Assert.Equal(1, await catalog.PendingCountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_event_is_kept_with_its_error_until_retried_and_delivered_ones_are_pruned()
    {
        await _fixture.MigratedAsync();
        var catalog = new SqliteEventCatalog(_fixture.Open());
        await catalog.EnqueueAsync([Event(1, "hook"), Event(1, "other")], CancellationToken.None);
        var taken = Assert.Single(await catalog.TakeAsync("hook", "a", 10, Now, Now.AddSeconds(30), CancellationToken.None));

        await catalog.MarkFailedAsync(taken, "HTTP 503", CancellationToken.None);
        var failed = Assert.Single(await catalog.ListAsync([EventState.Failed], CancellationToken.None));
        Assert.Equal("HTTP 503", failed.LastError);
        Assert.Empty(await catalog.TakeAsync("hook", "a", 10, Now.AddHours(1), Now.AddHours(2), CancellationToken.None));

        Assert.Equal(1, await catalog.RetryAsync(Id(1), Now.AddHours(1), CancellationToken.None));
        var retried = Assert.Single(await catalog.TakeAsync("hook", "b", 10, Now.AddHours(1), Now.AddHours(2), CancellationToken.None));
        Assert.Equal(Now.AddHours(1), retried.CreatedUtc);
        Assert.Null(retried.LastError);
        Assert.Equal(Event(1, "hook").Receipt, retried.Receipt);

        await catalog.MarkDeliveredAsync(retried, Now.AddHours(1), CancellationToken.None);
        Assert.Equal(0, await catalog.PruneDeliveredAsync(Now.AddHours(1), CancellationToken.None));
        Assert.Equal(1, await catalog.PruneDeliveredAsync(Now.AddHours(2), CancellationToken.None));
        Assert.Equal("other", Assert.Single(await catalog.ListAsync([], CancellationToken.None)).Sink);
    }

    private static string Id(int n) => $"00000000-0000-7000-8000-{n:D12}";

    private static OutboxEvent Event(int n, string sink) =>
        new(Id(n), sink, OutboxEvent.UploadDelivered, Now.AddMinutes(n), $"/data/uploads/{n}", SqliteCatalogFixture.Receipt($"TS00000000{n}_a.bin", minutes: n));
}
