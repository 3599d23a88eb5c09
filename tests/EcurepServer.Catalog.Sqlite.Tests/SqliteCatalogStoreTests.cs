using EcurepServer.Core.Catalog;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Catalog.Sqlite.Tests;

public sealed class SqliteCatalogStoreTests : IDisposable
{
    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Migrations_apply_once_in_order_and_again_change_nothing()
    {
        var store = new SqliteCatalogStore(_fixture.Open(), TimeProvider.System);
        Assert.Equal(0, await store.SchemaVersionAsync(CancellationToken.None));

        var first = await store.MigrateAsync(CancellationToken.None);
        var second = await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(store.Migrations.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Equal(Enumerable.Range(1, store.Migrations.Count), store.Migrations.Select(m => m.Version));
        Assert.Empty(second);
        Assert.Equal(store.Migrations.Count, await store.SchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_processes_migrating_the_same_file_at_once_apply_each_migration_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteCatalogStore(_fixture.Open(), TimeProvider.System)).ToList();

        var applied = await Task.WhenAll(stores.Select(store => Task.Run(async () => await store.MigrateAsync(CancellationToken.None))));

        Assert.Equal(stores[0].Migrations.Select(m => m.Version), applied.SelectMany(list => list).Select(m => m.Version).Order());
    }

    [Fact]
    public async Task An_import_commits_once_with_its_receipts_marks_and_bans()
    {
        var store = await _fixture.MigratedAsync();
        var receipts = new SqliteReceiptCatalog(_fixture.Open());
        var kept = SqliteCatalogFixture.Receipt("kept.zip");
        var deleted = SqliteCatalogFixture.Receipt("deleted.zip", minutes: 1);
        var ban = new Ban("198.51.100.9/32", SqliteCatalogFixture.Now, SqliteCatalogFixture.Now.AddHours(1), 1, "test");
        var import = new CatalogImport("files", [kept, deleted, kept], [ReceiptDeletion.Of(deleted, SqliteCatalogFixture.Now.AddDays(8), false)], [], [ban]);

        Assert.False(await store.IsImportedAsync("files", CancellationToken.None));
        Assert.True(await store.ImportAsync(import, CancellationToken.None));
        Assert.False(await store.ImportAsync(import with { Receipts = [SqliteCatalogFixture.Receipt("other.zip")] }, CancellationToken.None));

        Assert.True(await store.IsImportedAsync("files", CancellationToken.None));
        var entries = await receipts.QueryAsync(new UploadQuery(), CancellationToken.None).ToListAsync();
        Assert.Equal([kept, deleted], entries.Select(entry => entry.Receipt));
        Assert.Equal([false, true], entries.Select(entry => entry.IsDeleted));
        Assert.Equal(ban, Assert.Single(new SqliteBanCatalog(_fixture.Open()).Read()));
    }
}
