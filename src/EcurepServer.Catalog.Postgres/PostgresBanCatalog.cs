using EcurepServer.Core.Catalog;
using EcurepServer.Core.Defender;
using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>
/// The defender's bans in PostgreSQL, shared by every node: a change runs under a row lock on the bans' stamp, so two
/// nodes changing bans at once apply one after the other, and each change bumps the stamp the others watch.
/// The defender reads and changes them asynchronously; the synchronous members serve the import of a bans file.
/// </summary>
public sealed class PostgresBanCatalog(PostgresCatalogDatabase database) : IBanCatalog
{
    internal const string Area = "bans";

    public long Stamp() => database.ReadStamp(Area);

    public IReadOnlyList<Ban> Read()
    {
        using var connection = database.DataSource.OpenConnection();
        return ReadAll(connection, null);
    }

    public async ValueTask<long> StampAsync(CancellationToken cancellationToken) =>
        await database.ReadStampAsync(Area, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<Ban>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var connection = database.DataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        PostgresCatalogDatabase.BumpStamp(connection, transaction, Area);
        var before = ReadAll(connection, transaction);
        var after = change([.. before]);
        WriteAsync(connection, transaction, before, after, keepExisting: false, CancellationToken.None).GetAwaiter().GetResult();
        transaction.Commit();
        return after;
    }

    public async ValueTask<IReadOnlyList<Ban>> ChangeAsync(Func<List<Ban>, List<Ban>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await database.InTransactionAsync<IReadOnlyList<Ban>>(
            async (connection, transaction) =>
            {
                await PostgresCatalogDatabase.BumpStampAsync(connection, transaction, Area, cancellationToken).ConfigureAwait(false);
                var before = await ReadAllAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var after = change([.. before]);
                await WriteAsync(connection, transaction, before, after, keepExisting: false, cancellationToken).ConfigureAwait(false);
                return after;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the table hold <paramref name="after"/> (replacing <paramref name="before"/>), or with
    /// <paramref name="keepExisting"/> only adds the bans of networks not banned yet; the caller bumps the stamp.
    /// </summary>
    internal static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Ban> before, IReadOnlyList<Ban> after, bool keepExisting, CancellationToken cancellationToken)
    {
        if (!keepExisting)
        {
            await using var clear = PostgresCatalogDatabase.Command(connection, transaction, "delete from bans where network = any(@gone)", ("gone", before.Select(ban => ban.Network).Except(after.Select(ban => ban.Network)).ToArray()));
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var ban in after)
        {
            await using var upsert = PostgresCatalogDatabase.Command(
                connection,
                transaction,
                keepExisting
                    ? "insert into bans (network, banned_utc, until_utc, offences, reason) values (@n, @b, @u, @o, @r) on conflict (network) do nothing"
                    : """
                      insert into bans (network, banned_utc, until_utc, offences, reason) values (@n, @b, @u, @o, @r)
                      on conflict (network) do update set banned_utc = excluded.banned_utc, until_utc = excluded.until_utc,
                          offences = excluded.offences, reason = excluded.reason
                      """,
                ("n", ban.Network),
                ("b", ban.BannedUtc.ToUniversalTime()),
                ("u", ban.UntilUtc.ToUniversalTime()),
                ("o", ban.Offences),
                ("r", ban.Reason));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<Ban> ReadAll(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = ReadCommand(connection, transaction);
        using var reader = command.ExecuteReader();
        var bans = new List<Ban>();
        while (reader.Read())
        {
            bans.Add(BanOf(reader));
        }

        return bans;
    }

    private static async Task<List<Ban>> ReadAllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = ReadCommand(connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var bans = new List<Ban>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            bans.Add(BanOf(reader));
        }

        return bans;
    }

    private static NpgsqlCommand ReadCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        PostgresCatalogDatabase.Command(connection, transaction, "select network, banned_utc, until_utc, offences, reason from bans order by banned_utc, network");

    private static Ban BanOf(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3), reader.GetString(4));
}
