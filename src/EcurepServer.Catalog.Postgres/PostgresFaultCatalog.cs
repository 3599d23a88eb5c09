using System.Globalization;
using EcurepServer.Core.Catalog;
using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>
/// Shared fault rules in PostgreSQL: a change runs under a row lock on the <c>faults</c> stamp and bumps it (its value
/// also numbers new rules), so nodes see it by reading one number; a firing is one guarded update, so "the next N"
/// fire N times across all nodes. The registry uses the asynchronous members; the synchronous ones serve tests and tools.
/// </summary>
public sealed class PostgresFaultCatalog(PostgresCatalogDatabase database) : IFaultCatalog
{
    private const string Area = "faults";
    private const string ReadSql = "select id, rule, added_utc, fired from fault_rules order by seq";

    public long Stamp() => database.ReadStamp(Area);

    public IReadOnlyList<CatalogFaultRule> Read()
    {
        using var connection = database.DataSource.OpenConnection();
        using var command = PostgresCatalogDatabase.Command(connection, null, ReadSql);
        using var reader = command.ExecuteReader();
        var rules = new List<CatalogFaultRule>();
        while (reader.Read())
        {
            rules.Add(RuleOf(reader));
        }

        return rules;
    }

    public async ValueTask<long> StampAsync(CancellationToken cancellationToken) =>
        await database.ReadStampAsync(Area, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<CatalogFaultRule>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, ReadSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rules = new List<CatalogFaultRule>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rules.Add(RuleOf(reader));
        }

        return rules;
    }

    public string Add(string? id, string rule, int? times, DateTimeOffset added) =>
        Change((connection, transaction, stamp) =>
        {
            var named = id;
            for (var n = stamp; named is null; n++)
            {
                var candidate = "fault-" + n.ToString(CultureInfo.InvariantCulture);
                using var exists = PostgresCatalogDatabase.Command(connection, transaction, "select count(*) from fault_rules where id = @id", ("id", candidate));
                if ((long)exists.ExecuteScalar()! == 0)
                {
                    named = candidate;
                }
            }

            using var upsert = UpsertCommand(connection, transaction, named, stamp, rule, added, times);
            upsert.ExecuteNonQuery();
            return named;
        });

    public bool Remove(string id) =>
        Change((connection, transaction, _) =>
        {
            using var delete = PostgresCatalogDatabase.Command(connection, transaction, "delete from fault_rules where id = @id", ("id", id));
            return delete.ExecuteNonQuery() > 0;
        });

    public int Clear() =>
        Change((connection, transaction, _) =>
        {
            using var delete = PostgresCatalogDatabase.Command(connection, transaction, "delete from fault_rules");
            return delete.ExecuteNonQuery();
        });

    public bool TryCount(string id)
    {
        using var connection = database.DataSource.OpenConnection();
        using var command = TryCountCommand(connection, id);
        return command.ExecuteNonQuery() == 1;
    }

    public async ValueTask<string> AddAsync(string? id, string rule, int? times, DateTimeOffset added, CancellationToken cancellationToken) =>
        await ChangeAsync(
            async (connection, transaction, stamp) =>
            {
                var named = id;
                for (var n = stamp; named is null; n++)
                {
                    var candidate = "fault-" + n.ToString(CultureInfo.InvariantCulture);
                    await using var exists = PostgresCatalogDatabase.Command(connection, transaction, "select count(*) from fault_rules where id = @id", ("id", candidate));
                    if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
                    {
                        named = candidate;
                    }
                }

                await using var upsert = UpsertCommand(connection, transaction, named, stamp, rule, added, times);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return named;
            },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await ChangeAsync(
            async (connection, transaction, _) =>
            {
                await using var delete = PostgresCatalogDatabase.Command(connection, transaction, "delete from fault_rules where id = @id", ("id", id));
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<int> ClearAsync(CancellationToken cancellationToken) =>
        await ChangeAsync(
            async (connection, transaction, _) =>
            {
                await using var delete = PostgresCatalogDatabase.Command(connection, transaction, "delete from fault_rules");
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> TryCountAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = TryCountCommand(connection, id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static NpgsqlCommand UpsertCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, long seq, string rule, DateTimeOffset added, int? times) =>
        PostgresCatalogDatabase.Command(
            connection,
            transaction,
            """
            insert into fault_rules (id, seq, rule, added_utc, times, fired) values (@id, @seq, @rule, @added, @times, 0)
            on conflict (id) do update set seq = excluded.seq, rule = excluded.rule, added_utc = excluded.added_utc,
                times = excluded.times, fired = 0
            """,
            ("id", id),
            ("seq", seq),
            ("rule", rule),
            ("added", added.ToUniversalTime()),
            ("times", times));

    private static NpgsqlCommand TryCountCommand(NpgsqlConnection connection, string id) =>
        PostgresCatalogDatabase.Command(connection, null, "update fault_rules set fired = fired + 1 where id = @id and (times is null or fired < times)", ("id", id));

    private static CatalogFaultRule RuleOf(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3));

    /// <summary>Runs <paramref name="change"/> with the stamp locked and counted up (it gets the new stamp), and commits.</summary>
    private T Change<T>(Func<NpgsqlConnection, NpgsqlTransaction, long, T> change)
    {
        using var connection = database.DataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var stamp = PostgresCatalogDatabase.BumpStamp(connection, transaction, Area);
        var result = change(connection, transaction, stamp);
        transaction.Commit();
        return result;
    }

    /// <inheritdoc cref="Change"/>
    private async Task<T> ChangeAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, long, Task<T>> change, CancellationToken cancellationToken) =>
        await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var stamp = await PostgresCatalogDatabase.BumpStampAsync(connection, transaction, Area, cancellationToken).ConfigureAwait(false);
                return await change(connection, transaction, stamp).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
}
