using EcurepServer.Core.Catalog;
using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>The Transfer IDs in PostgreSQL, shared by every node; ids compare without regard to case (a lower-cased key column).</summary>
public sealed class PostgresAccountCatalog(PostgresCatalogDatabase database) : IAccountCatalog
{
    internal const string Area = "accounts";

    public async ValueTask<long> StampAsync(CancellationToken cancellationToken) =>
        await database.ReadStampAsync(Area, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<CatalogAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, null, null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> AddAsync(CatalogAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                if (!await InsertAsync(connection, transaction, account, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                await PostgresCatalogDatabase.BumpStampAsync(connection, transaction, Area, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> UpdateAsync(string id, Func<CatalogAccount, CatalogAccount> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var found = await ReadAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
                if (found.Count == 0)
                {
                    return false;
                }

                var changed = change(found[0]);
                await using var command = PostgresCatalogDatabase.Command(
                    connection,
                    transaction,
                    "update accounts set password_hash = @hash, created_utc = @created, authorized_keys = @keys, quota_bytes_per_day = @quota where id_key = @key",
                    ("hash", changed.PasswordHash),
                    ("created", changed.Created.ToUniversalTime()),
                    ("keys", changed.AuthorizedKeys.ToArray()),
                    ("quota", changed.QuotaBytesPerDay),
                    ("key", id.ToLowerInvariant()));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await PostgresCatalogDatabase.BumpStampAsync(connection, transaction, Area, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                await using var command = PostgresCatalogDatabase.Command(connection, transaction, "delete from accounts where id_key = @key", ("key", id.ToLowerInvariant()));
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return false;
                }

                await PostgresCatalogDatabase.BumpStampAsync(connection, transaction, Area, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Inserts <paramref name="account"/>; false when its id exists (that account is kept).</summary>
    internal static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CatalogAccount account, CancellationToken cancellationToken)
    {
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            transaction,
            """
            insert into accounts (id, id_key, password_hash, created_utc, authorized_keys, quota_bytes_per_day)
            values (@id, @key, @hash, @created, @keys, @quota) on conflict (id_key) do nothing
            """,
            ("id", account.Id),
            ("key", account.Id.ToLowerInvariant()),
            ("hash", account.PasswordHash),
            ("created", account.Created.ToUniversalTime()),
            ("keys", account.AuthorizedKeys.ToArray()),
            ("quota", account.QuotaBytesPerDay));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<IReadOnlyList<CatalogAccount>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string? id, CancellationToken cancellationToken)
    {
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            transaction,
            "select id, password_hash, created_utc, authorized_keys, quota_bytes_per_day from accounts where @key::text is null or id_key = @key order by id_key"
                + (id is null ? string.Empty : " for update"),
            ("key", id?.ToLowerInvariant()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<CatalogAccount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(new CatalogAccount(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4)));
        }

        return accounts;
    }
}
