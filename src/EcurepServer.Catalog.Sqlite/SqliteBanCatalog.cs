using EcurepServer.Core.Catalog;
using EcurepServer.Core.Defender;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// Bans as rows of <c>bans</c>; every change counts up the <c>bans</c> row of <c>catalog_stamps</c> in the same
/// transaction, so a defender sees another process's change by reading one number.
/// </summary>
internal sealed class SqliteBanCatalog(SqliteCatalogDatabase database) : IBanCatalog
{
    internal const string StampName = "bans";

    public long Stamp()
    {
        using var connection = database.Open();
        return connection.ReadStamp(StampName);
    }

    public IReadOnlyList<Ban> Read()
    {
        using var connection = database.Open();
        return ReadAll(connection, null);
    }

    public IReadOnlyList<Ban> Change(Func<List<Ban>, List<Ban>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return database.Write((connection, transaction) =>
        {
            var bans = change([.. ReadAll(connection, transaction)]);
            connection.Execute("DELETE FROM bans", transaction);
            foreach (var ban in bans)
            {
                Insert(connection, transaction, ban);
            }

            connection.BumpStamp(StampName, transaction);
            return bans;
        });
    }

    internal static void Insert(SqliteConnection connection, SqliteTransaction transaction, Ban ban) =>
        connection.Execute(
            """
            INSERT INTO bans (network, banned_ticks, until_ticks, offences, reason) VALUES ($network, $banned, $until, $offences, $reason)
            ON CONFLICT (network) DO UPDATE SET banned_ticks = excluded.banned_ticks, until_ticks = excluded.until_ticks,
                offences = excluded.offences, reason = excluded.reason
            """,
            transaction,
            ("$network", ban.Network),
            ("$banned", ban.BannedUtc.UtcTicks),
            ("$until", ban.UntilUtc.UtcTicks),
            ("$offences", ban.Offences),
            ("$reason", ban.Reason));

    private static List<Ban> ReadAll(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.Command("SELECT network, banned_ticks, until_ticks, offences, reason FROM bans ORDER BY until_ticks", transaction);
        using var reader = command.ExecuteReader();
        var bans = new List<Ban>();
        while (reader.Read())
        {
            bans.Add(new Ban(reader.GetString(0), SqliteCommands.ToTime(reader.GetInt64(1)), SqliteCommands.ToTime(reader.GetInt64(2)), reader.GetInt32(3), reader.GetString(4)));
        }

        return bans;
    }
}
