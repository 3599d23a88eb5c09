using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite.Tests;

public sealed class SqliteReceiptCatalogTests : IDisposable
{
    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Every_filter_of_uploads_list_selects_what_UploadQuery_matches()
    {
        await _fixture.MigratedAsync();
        var catalog = new SqliteReceiptCatalog(_fixture.Open());
        Receipt[] receipts =
        [
            SqliteCatalogFixture.Receipt("TS012345678_logs.zip"),
            SqliteCatalogFixture.Receipt("34143.055.724.zip", account: "guest@example.com", anonymous: true, site: "Americas", minutes: 1),
            SqliteCatalogFixture.Receipt("boot.ini", account: "E-BOB000002b", session: "s-2", minutes: 2),
            SqliteCatalogFixture.Receipt("TS099999999.tgz", account: "e-alice00001A", site: "EUROPE", minutes: 3),
        ];
        foreach (var receipt in receipts)
        {
            await catalog.AppendAsync(receipt, CancellationToken.None);
        }

        UploadQuery[] queries =
        [
            new(),
            new(Case: "TS012345678"),
            new(Pmr: "34143.055.724"),
            new(Lost: true),
            new(Account: "E-ALICE00001A"),
            new(Account: "anonymous"),
            new(Site: "europe"),
            new(Session: "s-2"),
            new(Name: "boot.ini"),
            new(Since: SqliteCatalogFixture.Now.AddMinutes(2)),
            new(Account: "e-alice00001a", Site: "Europe", Since: SqliteCatalogFixture.Now.AddMinutes(1)),
        ];
        foreach (var query in queries)
        {
            var expected = receipts.Where(r => query.Matches(new ReceiptEntry(r, Core.Routing.FileNameRouter.RouteOf(r), null)));
            Assert.Equal(expected, (await catalog.QueryAsync(query, CancellationToken.None).ToListAsync()).Select(entry => entry.Receipt));
        }
    }

    [Theory]
    [InlineData("route_kind = 'case' AND route_key = 'TS012345678'", "receipts_route")]
    [InlineData("account = 'E-ALICE00001a'", "receipts_account")]
    [InlineData("name = 'boot.ini'", "receipts_name")]
    [InlineData("session_id = 's-1'", "receipts_session")]
    [InlineData("id = 'x'", "sqlite_autoindex_receipts_1")]
    public async Task Filters_are_answered_by_an_index(string condition, string index)
    {
        await _fixture.MigratedAsync();
        using var connection = _fixture.Open().Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN SELECT body FROM receipts WHERE {condition} ORDER BY seq";
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receipt_is_found_by_id_and_keeps_its_first_deletion_mark()
    {
        await _fixture.MigratedAsync();
        var catalog = new SqliteReceiptCatalog(_fixture.Open());
        var receipt = SqliteCatalogFixture.Receipt("a.zip");
        await catalog.AppendAsync(receipt, CancellationToken.None);

        await catalog.MarkDeletedAsync(ReceiptDeletion.Of(receipt, SqliteCatalogFixture.Now.AddDays(8), alreadyGone: false), CancellationToken.None);
        await catalog.MarkDeletedAsync(ReceiptDeletion.Of(receipt, SqliteCatalogFixture.Now.AddDays(9), alreadyGone: true), CancellationToken.None);

        var found = await catalog.FindAsync(UploadCatalog.IdOf(receipt), CancellationToken.None);
        Assert.Equal(receipt, found!.Receipt);
        Assert.Equal(SqliteCatalogFixture.Now.AddDays(8), found.Deletion!.DeletedUtc);
        Assert.False(found.Deletion.AlreadyGone);
        Assert.Null(await catalog.FindAsync("0123", CancellationToken.None));
        Assert.Equal(1, await catalog.DeleteAllAsync(CancellationToken.None));
        Assert.Empty(await catalog.ReadAllAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task An_append_is_committed_with_full_sync_in_wal_mode()
    {
        await _fixture.MigratedAsync();
        using var connection = _fixture.Open().Open();

        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal(2L, Convert.ToInt64(Pragma(connection, "synchronous"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
