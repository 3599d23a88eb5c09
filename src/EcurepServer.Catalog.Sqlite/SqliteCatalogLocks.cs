using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>Named leases as rows of <c>catalog_locks</c>, taken by the same kind of guarded upsert as upload claims.</summary>
internal sealed class SqliteCatalogLocks(SqliteCatalogDatabase database) : ICatalogLocks
{
    public ValueTask<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) => connection.Execute(
            """
            INSERT INTO catalog_locks (name, holder, expires_ticks) VALUES ($name, $holder, $expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ticks = excluded.expires_ticks
            WHERE catalog_locks.expires_ticks <= $now OR catalog_locks.holder = excluded.holder
            """,
            transaction,
            ("$name", name),
            ("$holder", holder),
            ("$expires", expiresUtc.UtcTicks),
            ("$now", now.UtcTicks)) == 1));

    public ValueTask ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        database.Write((connection, transaction) =>
            connection.Execute("DELETE FROM catalog_locks WHERE name = $name AND holder = $holder", transaction, ("$name", name), ("$holder", holder)));
        return ValueTask.CompletedTask;
    }
}
