using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite.Tests;

/// <summary>A catalog file in a temporary directory; <see cref="Open"/> gives another process's view of the same file.</summary>
public sealed class SqliteCatalogFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public SqliteCatalogFixture() => FilePath = _directory.Combine("data", "catalog.db");

    public string FilePath { get; }

    public static DateTimeOffset Now { get; } = DateTimeOffset.Parse("2026-12-03T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    internal static SqliteCatalogDatabase Open(string path) => new(path, TimeSpan.FromSeconds(10));

    internal SqliteCatalogDatabase Open() => Open(FilePath);

    internal async Task<SqliteCatalogStore> MigratedAsync()
    {
        var store = new SqliteCatalogStore(Open(), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public static Receipt Receipt(string name, string account = "E-ALICE00001a", string site = "Europe", string session = "s-1", int minutes = 0, bool anonymous = false) =>
        new($"/toibm/aix/{name}", 3, new string('a', 64), account, anonymous, site, "ftps", "127.0.0.1", session,
            Now.AddMinutes(minutes - 1), Now.AddMinutes(minutes), FileNameRouter.Classify(name), $"uploads/toibm/aix/{account}/{name}");

    public static UploadClaim Claim(string claimId, string node, DateTimeOffset expires) =>
        new(claimId, node, "s-" + claimId, "E-ALICE00001a", "Europe", "sftp", "127.0.0.1", Now, expires);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
