using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Sqlite.Tests;

public sealed class SqliteCatalogLocksTests : IDisposable
{
    private static readonly DateTimeOffset Now = SqliteCatalogFixture.Now;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task The_retention_lock_has_one_holder_at_a_time_across_processes()
    {
        await _fixture.MigratedAsync();
        var nodes = Enumerable.Range(0, 4).Select(_ => new SqliteCatalogLocks(_fixture.Open())).ToList();

        var taken = await Task.WhenAll(nodes.Select((locks, i) => Task.Run(async () =>
            await locks.TryAcquireAsync(CatalogLockNames.Retention, $"node-{i}", Now, Now + Lease, CancellationToken.None))));

        var holder = $"node-{Array.IndexOf(taken, true)}";
        Assert.Single(taken, acquired => acquired);
        Assert.True(await nodes[0].TryAcquireAsync(CatalogLockNames.Retention, holder, Now, Now + Lease + Lease, CancellationToken.None));
        await nodes[0].ReleaseAsync(CatalogLockNames.Retention, "someone-else", CancellationToken.None);
        Assert.False(await nodes[0].TryAcquireAsync(CatalogLockNames.Retention, "late", Now + Lease, Now + Lease + Lease, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_or_released_lock_goes_to_the_next_node()
    {
        await _fixture.MigratedAsync();
        var locks = new SqliteCatalogLocks(_fixture.Open());
        Assert.True(await locks.TryAcquireAsync(CatalogLockNames.Retention, "a", Now, Now + Lease, CancellationToken.None));

        Assert.True(await locks.TryAcquireAsync(CatalogLockNames.Retention, "b", Now + Lease, Now + Lease + Lease, CancellationToken.None));
        await locks.ReleaseAsync(CatalogLockNames.Retention, "b", CancellationToken.None);
        Assert.True(await locks.TryAcquireAsync(CatalogLockNames.Retention, "c", Now + Lease, Now + Lease + Lease, CancellationToken.None));
    }
}
