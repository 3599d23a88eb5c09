using System.Text.Json;
using System.Text.Json.Serialization;
using EcurepServer.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// Transfer IDs as rows of <c>accounts</c> (ids compare without regard to case), the authorized keys as a JSON array
/// of lines; every change counts up the <c>accounts</c> row of <c>catalog_stamps</c> in the same transaction, so a
/// server sees a change the CLI made by reading one number.
/// </summary>
internal sealed class SqliteAccountCatalog(SqliteCatalogDatabase database) : IAccountCatalog
{
    internal const string StampName = "accounts";

    public ValueTask<long> StampAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return ValueTask.FromResult(connection.ReadStamp(StampName));
    }

    public ValueTask<IReadOnlyList<CatalogAccount>> ListAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return ValueTask.FromResult<IReadOnlyList<CatalogAccount>>(Read(connection, null, null));
    }

    public ValueTask<bool> AddAsync(CatalogAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ValueTask.FromResult(database.Write((connection, transaction) =>
        {
            if (!Insert(connection, transaction, account))
            {
                return false;
            }

            connection.BumpStamp(StampName, transaction);
            return true;
        }));
    }

    public ValueTask<bool> UpdateAsync(string id, Func<CatalogAccount, CatalogAccount> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ValueTask.FromResult(database.Write((connection, transaction) =>
        {
            var found = Read(connection, transaction, id);
            if (found.Count == 0)
            {
                return false;
            }

            var changed = change(found[0]);
            connection.Execute(
                "UPDATE accounts SET password_hash = $hash, created_ticks = $created, authorized_keys = $keys, quota_bytes_per_day = $quota WHERE id = $id",
                transaction,
                ("$hash", changed.PasswordHash),
                ("$created", changed.Created.UtcTicks),
                ("$keys", KeysJson(changed.AuthorizedKeys)),
                ("$quota", changed.QuotaBytesPerDay),
                ("$id", id));
            connection.BumpStamp(StampName, transaction);
            return true;
        }));
    }

    public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) =>
        {
            if (connection.Execute("DELETE FROM accounts WHERE id = $id", transaction, ("$id", id)) == 0)
            {
                return false;
            }

            connection.BumpStamp(StampName, transaction);
            return true;
        }));

    /// <summary>Adds <paramref name="account"/>; false when its id exists in any case (that account is kept).</summary>
    internal static bool Insert(SqliteConnection connection, SqliteTransaction transaction, CatalogAccount account) =>
        connection.Execute(
            """
            INSERT INTO accounts (id, password_hash, created_ticks, authorized_keys, quota_bytes_per_day)
            VALUES ($id, $hash, $created, $keys, $quota) ON CONFLICT (id) DO NOTHING
            """,
            transaction,
            ("$id", account.Id),
            ("$hash", account.PasswordHash),
            ("$created", account.Created.UtcTicks),
            ("$keys", KeysJson(account.AuthorizedKeys)),
            ("$quota", account.QuotaBytesPerDay)) == 1;

    private static string KeysJson(IReadOnlyList<string> keys) => JsonSerializer.Serialize([.. keys], AccountKeysJsonContext.Default.StringArray);

    private static List<CatalogAccount> Read(SqliteConnection connection, SqliteTransaction? transaction, string? id)
    {
        using var command = connection.Command(
            "SELECT id, password_hash, created_ticks, authorized_keys, quota_bytes_per_day FROM accounts WHERE $id IS NULL OR id = $id ORDER BY id",
            transaction,
            ("$id", id));
        using var reader = command.ExecuteReader();
        var accounts = new List<CatalogAccount>();
        while (reader.Read())
        {
            accounts.Add(new CatalogAccount(
                reader.GetString(0),
                reader.GetString(1),
                SqliteCommands.ToTime(reader.GetInt64(2)),
                JsonSerializer.Deserialize(reader.GetString(3), AccountKeysJsonContext.Default.StringArray) ?? [],
                reader.IsDBNull(4) ? null : reader.GetInt64(4)));
        }

        return accounts;
    }
}

[JsonSerializable(typeof(string[]))]
internal sealed partial class AccountKeysJsonContext : JsonSerializerContext;
