using EcurepServer.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>The SQLite catalog file: its migrations (recorded in <c>schema_version</c>) and the one-time import.</summary>
internal sealed class SqliteCatalogStore(SqliteCatalogDatabase database, TimeProvider time) : ICatalogStore
{
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_ticks INTEGER NOT NULL)
        """;

    public string Provider => "sqlite";

    public string Location => database.FilePath;

    public IReadOnlyList<CatalogMigration> Migrations => SqliteMigrations.All;

    public ValueTask<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        connection.Execute(CreateVersionTable, null);
        return ValueTask.FromResult(CurrentVersion(connection, null));
    }

    public ValueTask<IReadOnlyList<CatalogMigration>> MigrateAsync(CancellationToken cancellationToken)
    {
        var applied = new List<CatalogMigration>();
        foreach (var migration in Migrations)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Each step in its own transaction, the version read inside it: two processes starting at once apply it once.
            var ran = database.Write((connection, transaction) =>
            {
                connection.Execute(CreateVersionTable, transaction);
                if (CurrentVersion(connection, transaction) >= migration.Version)
                {
                    return false;
                }

                connection.Execute(migration.Sql, transaction);
                connection.Execute(
                    "INSERT INTO schema_version (version, description, applied_ticks) VALUES ($version, $description, $now)",
                    transaction,
                    ("$version", migration.Version),
                    ("$description", migration.Description),
                    ("$now", time.GetUtcNow().UtcTicks));
                return true;
            });
            if (ran)
            {
                applied.Add(migration);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<CatalogMigration>>(applied);
    }

    public ValueTask<bool> IsImportedAsync(string source, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return ValueTask.FromResult(connection.Scalar("SELECT count(*) FROM catalog_imports WHERE source = $source", null, ("$source", source)) > 0);
    }

    public ValueTask<bool> ImportAsync(CatalogImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        return ValueTask.FromResult(database.Write((connection, transaction) =>
        {
            if (connection.Scalar("SELECT count(*) FROM catalog_imports WHERE source = $source", transaction, ("$source", import.Source)) > 0)
            {
                return false;
            }

            foreach (var receipt in import.Receipts)
            {
                SqliteReceiptCatalog.Insert(connection, transaction, receipt);
            }

            foreach (var deletion in import.Deletions)
            {
                SqliteReceiptCatalog.Mark(connection, transaction, deletion);
            }

            foreach (var ban in import.Bans)
            {
                SqliteBanCatalog.Insert(connection, transaction, ban);
            }

            if (import.Bans.Count > 0)
            {
                connection.BumpStamp(SqliteBanCatalog.StampName, transaction);
            }

            foreach (var account in import.Accounts)
            {
                SqliteAccountCatalog.Insert(connection, transaction, account);
            }

            if (import.Accounts.Count > 0)
            {
                connection.BumpStamp(SqliteAccountCatalog.StampName, transaction);
            }

            connection.Execute(
                "INSERT INTO catalog_imports (source, imported_ticks, receipts) VALUES ($source, $now, $receipts)",
                transaction,
                ("$source", import.Source),
                ("$now", time.GetUtcNow().UtcTicks),
                ("$receipts", import.Receipts.Count));
            return true;
        }));
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction) =>
        (int)connection.Scalar("SELECT coalesce(max(version), 0) FROM schema_version", transaction);
}
