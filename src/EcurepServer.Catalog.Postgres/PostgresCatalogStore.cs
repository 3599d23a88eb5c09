using EcurepServer.Core.Catalog;
using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>
/// The PostgreSQL catalog's schema and one-time import. Nodes that start together migrate one after the other: each
/// migration run holds a transaction-scoped advisory lock, and a node that waited finds the work done.
/// </summary>
public sealed class PostgresCatalogStore(PostgresCatalogDatabase database) : ICatalogStore
{
    public const string ProviderName = "postgres";

    /// <summary>The advisory lock key migrations and imports serialise on ("ECUREPMG").</summary>
    private const long MigrationLock = 0x4543555245504D47;

    public string Provider => ProviderName;

    public string Location => database.Location;

    public IReadOnlyList<CatalogMigration> Migrations => PostgresMigrations.All;

    public async ValueTask<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await VersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<CatalogMigration>> MigrateAsync(CancellationToken cancellationToken)
    {
        var applied = new List<CatalogMigration>();
        foreach (var migration in Migrations)
        {
            var ran = await database.InTransactionAsync(
                async (connection, transaction) =>
                {
                    await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    await using (var create = PostgresCatalogDatabase.Command(connection, transaction, """
                        create table if not exists schema_version (
                            version integer primary key, description text not null, applied_utc timestamptz not null)
                        """))
                    {
                        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (await VersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) >= migration.Version)
                    {
                        return false;
                    }

                    await using (var script = PostgresCatalogDatabase.Command(connection, transaction, migration.Sql))
                    {
                        await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using var record = PostgresCatalogDatabase.Command(
                        connection, transaction, "insert into schema_version (version, description, applied_utc) values (@v, @d, now())",
                        ("v", migration.Version), ("d", migration.Description));
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            if (ran)
            {
                applied.Add(migration);
            }
        }

        return applied;
    }

    public async ValueTask<bool> IsImportedAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, "select count(*) from imports where source = @s", ("s", source));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    public async ValueTask<bool> ImportAsync(CatalogImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await using (var mark = PostgresCatalogDatabase.Command(
                    connection, transaction, "insert into imports (source, imported_utc) values (@s, now()) on conflict do nothing", ("s", import.Source)))
                {
                    if (await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        return false;
                    }
                }

                foreach (var receipt in import.Receipts)
                {
                    await PostgresReceiptCatalog.InsertAsync(connection, transaction, receipt, cancellationToken).ConfigureAwait(false);
                }

                foreach (var deletion in import.Deletions)
                {
                    await PostgresReceiptCatalog.MarkAsync(connection, transaction, deletion, cancellationToken).ConfigureAwait(false);
                }

                foreach (var account in import.Accounts)
                {
                    await PostgresAccountCatalog.InsertAsync(connection, transaction, account, cancellationToken).ConfigureAwait(false);
                }

                if (import.Accounts.Count > 0)
                {
                    await PostgresCatalogDatabase.BumpStampAsync(connection, transaction, PostgresAccountCatalog.Area, cancellationToken).ConfigureAwait(false);
                }

                await PostgresBanCatalog.WriteAsync(connection, transaction, [], import.Bans, keepExisting: true, cancellationToken).ConfigureAwait(false);
                await PostgresCatalogDatabase.BumpStampAsync(connection, transaction, PostgresBanCatalog.Area, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = PostgresCatalogDatabase.Command(connection, transaction, "select pg_advisory_xact_lock(@k)", ("k", MigrationLock));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> VersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using (var exists = PostgresCatalogDatabase.Command(connection, transaction, "select to_regclass('schema_version') is not null"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return 0;
            }
        }

        await using var command = PostgresCatalogDatabase.Command(connection, transaction, "select coalesce(max(version), 0) from schema_version");
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
