using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// The parts of the SQLite catalog a reader needs, made without a service container: a command-line verb that only
/// reads the catalog starts faster without one. The server registers the same classes with
/// <see cref="SqliteCatalogServiceCollectionExtensions.AddSqliteCatalog"/>.
/// </summary>
public sealed record SqliteCatalog(ICatalogStore Store, IReceiptCatalog Receipts, IEventCatalog Events, IUploadOwnership Ownership)
{
    /// <summary>The catalog <paramref name="catalog"/> names, opened as the server opens it.</summary>
    public static SqliteCatalog Open(CatalogOptions catalog, DropBoxOptions dropBox, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var database = new SqliteCatalogDatabase(PathOf(catalog, dropBox), catalog.BusyTimeout);
        return new SqliteCatalog(new SqliteCatalogStore(database, time), new SqliteReceiptCatalog(database), new SqliteEventCatalog(database), new SqliteUploadOwnership(database));
    }

    /// <summary><see cref="CatalogOptions.Path"/> (the host makes it absolute); empty: <c>catalog.db</c> in the data directory.</summary>
    internal static string PathOf(CatalogOptions catalog, DropBoxOptions dropBox) =>
        string.IsNullOrEmpty(catalog.Path) ? Path.Combine(dropBox.DataDirectory, "catalog.db") : catalog.Path;
}
