using System.Globalization;
using EcurepServer.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// Shared fault rules as rows of <c>fault_rules</c>; every change counts up the <c>faults</c> row of
/// <c>catalog_stamps</c> in the same transaction (its value also numbers new rules), and a firing is one guarded update.
/// </summary>
internal sealed class SqliteFaultCatalog(SqliteCatalogDatabase database) : IFaultCatalog
{
    private const string StampName = "faults";

    public long Stamp()
    {
        using var connection = database.Open();
        return connection.ReadStamp(StampName);
    }

    public IReadOnlyList<CatalogFaultRule> Read()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT id, rule, added_ticks, fired FROM fault_rules ORDER BY seq", null);
        using var reader = command.ExecuteReader();
        var rules = new List<CatalogFaultRule>();
        while (reader.Read())
        {
            rules.Add(new CatalogFaultRule(reader.GetString(0), reader.GetString(1), SqliteCommands.ToTime(reader.GetInt64(2)), reader.GetInt64(3)));
        }

        return rules;
    }

    public string Add(string? id, string rule, int? times, DateTimeOffset added) =>
        database.Write((connection, transaction) =>
        {
            var stamp = connection.BumpStamp(StampName, transaction);
            var named = id;
            for (var n = stamp; named is null; n++)
            {
                var candidate = "fault-" + n.ToString(CultureInfo.InvariantCulture);
                if (connection.Scalar("SELECT count(*) FROM fault_rules WHERE id = $id", transaction, ("$id", candidate)) == 0)
                {
                    named = candidate;
                }
            }

            connection.Execute("DELETE FROM fault_rules WHERE id = $id", transaction, ("$id", named));
            connection.Execute(
                "INSERT INTO fault_rules (id, seq, rule, added_ticks, times, fired) VALUES ($id, $seq, $rule, $added, $times, 0)",
                transaction,
                ("$id", named),
                ("$seq", stamp),
                ("$rule", rule),
                ("$added", added.UtcTicks),
                ("$times", times));
            return named;
        });

    public bool Remove(string id) =>
        database.Write((connection, transaction) =>
        {
            var removed = connection.Execute("DELETE FROM fault_rules WHERE id = $id", transaction, ("$id", id)) > 0;
            connection.BumpStamp(StampName, transaction);
            return removed;
        });

    public int Clear() =>
        database.Write((connection, transaction) =>
        {
            var removed = connection.Execute("DELETE FROM fault_rules", transaction);
            connection.BumpStamp(StampName, transaction);
            return removed;
        });

    public bool TryCount(string id) =>
        database.Write((connection, transaction) => connection.Execute(
            "UPDATE fault_rules SET fired = fired + 1 WHERE id = $id AND (times IS NULL OR fired < times)",
            transaction,
            ("$id", id)) == 1);
}
