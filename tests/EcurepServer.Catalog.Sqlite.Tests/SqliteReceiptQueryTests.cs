using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Catalog.Sqlite.Tests;

/// <summary>The statements behind uploads list, GET /uploads and the web view: answered by indexes, limited to the newest, and a catalog that stops growing.</summary>
public sealed class SqliteReceiptQueryTests : IDisposable
{
    private readonly SqliteCatalogFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string> Filters() =>
    [
        "case", "pmr", "lost", "account", "anonymous", "site", "session", "name", "since", "last", "account+last",
    ];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_filter_the_catalog_is_asked_is_answered_by_an_index(string filter)
    {
        await _fixture.MigratedAsync();
        var query = filter switch
        {
            "case" => new UploadQuery(Case: "TS012345678"),
            "pmr" => new UploadQuery(Pmr: "34143.055.724"),
            "lost" => new UploadQuery(Lost: true),
            "account" => new UploadQuery(Account: "E-ALICE00001a"),
            "anonymous" => new UploadQuery(Account: "anonymous"),
            "site" => new UploadQuery(Site: "Europe"),
            "session" => new UploadQuery(Session: "s-1"),
            "name" => new UploadQuery(Name: "boot.ini"),
            "since" => new UploadQuery(Since: SqliteCatalogFixture.Now),
            "last" => new UploadQuery(Last: 10),
            _ => new UploadQuery(Account: "E-ALICE00001a", Last: 10),
        };
        using var connection = _fixture.Open().Open();
        using var command = SqliteReceiptCatalog.Select(connection, query);
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        // Every look at receipts goes through an index (or the primary key, in delivery order); none reads the whole table to filter it.
        var looks = plan.Where(step => step.Contains("receipts", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(looks);
        Assert.All(looks, step => Assert.True(
            step.Contains("USING INDEX", StringComparison.Ordinal) || step.Contains("USING COVERING INDEX", StringComparison.Ordinal)
                || (filter.EndsWith("last", StringComparison.Ordinal) && !filter.Contains('+', StringComparison.Ordinal)),
            $"{filter}: {string.Join(" | ", plan)}"));
    }

    [Fact]
    public async Task Last_returns_the_newest_of_those_selected_in_delivery_order()
    {
        await _fixture.MigratedAsync();
        var catalog = new SqliteReceiptCatalog(_fixture.Open());
        for (var i = 0; i < 6; i++)
        {
            await catalog.AppendAsync(SqliteCatalogFixture.Receipt($"f{i}.zip", site: i % 2 == 0 ? "Europe" : "Americas", minutes: i), CancellationToken.None);
        }

        var newest = await catalog.QueryAsync(new UploadQuery(Site: "Europe", Last: 2), CancellationToken.None).ToListAsync();

        Assert.Equal(["/toibm/aix/f2.zip", "/toibm/aix/f4.zip"], newest.Select(entry => entry.Receipt.Path));
    }

    [Fact]
    public async Task Receipts_deleted_before_the_cutoff_are_removed_and_the_rest_stay()
    {
        await _fixture.MigratedAsync();
        var catalog = new SqliteReceiptCatalog(_fixture.Open());
        var old = SqliteCatalogFixture.Receipt("old.zip");
        var recent = SqliteCatalogFixture.Receipt("recent.zip", minutes: 1);
        var kept = SqliteCatalogFixture.Receipt("kept.zip", minutes: 2);
        foreach (var receipt in new[] { old, recent, kept })
        {
            await catalog.AppendAsync(receipt, CancellationToken.None);
        }

        await catalog.MarkDeletedAsync(ReceiptDeletion.Of(old, SqliteCatalogFixture.Now.AddDays(1), alreadyGone: false), CancellationToken.None);
        await catalog.MarkDeletedAsync(ReceiptDeletion.Of(recent, SqliteCatalogFixture.Now.AddDays(20), alreadyGone: false), CancellationToken.None);

        Assert.Equal(1, await catalog.PurgeDeletedAsync(SqliteCatalogFixture.Now.AddDays(10), CancellationToken.None));

        var left = await catalog.QueryAsync(new UploadQuery(), CancellationToken.None).ToListAsync();
        Assert.Equal(["/toibm/aix/recent.zip", "/toibm/aix/kept.zip"], left.Select(entry => entry.Receipt.Path));
        Assert.NotNull(left[0].Deletion);
    }
}
