using EcurepServer.Core.Catalog;

namespace EcurepServer.Catalog.Postgres;

/// <summary>
/// Named leases in PostgreSQL (the retention sweep's among them). Taking one runs under a transaction-scoped advisory
/// lock on the name, so two nodes asking at once are answered one after the other; the lease row then outlives the
/// transaction, and a node that dies holding it loses it when it expires.
/// </summary>
public sealed class PostgresCatalogLocks(PostgresCatalogDatabase database) : ICatalogLocks
{
    public async ValueTask<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, DateTimeOffset expiresUtc, CancellationToken cancellationToken) =>
        await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                await using (var serialise = PostgresCatalogDatabase.Command(connection, transaction, "select pg_advisory_xact_lock(hashtextextended(@name, 0))", ("name", "ecurep-lock:" + name)))
                {
                    await serialise.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using var take = PostgresCatalogDatabase.Command(
                    connection,
                    transaction,
                    """
                    insert into catalog_locks (name, holder, expires_utc) values (@name, @holder, @expires)
                    on conflict (name) do update set holder = excluded.holder, expires_utc = excluded.expires_utc
                    where catalog_locks.holder = excluded.holder or catalog_locks.expires_utc <= @now
                    """,
                    ("name", name),
                    ("holder", holder),
                    ("expires", expiresUtc.ToUniversalTime()),
                    ("now", now.ToUniversalTime()));
                return await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, "delete from catalog_locks where name = @name and holder = @holder", ("name", name), ("holder", holder));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
