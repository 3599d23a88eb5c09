using EcurepServer.Core.Catalog;
using EcurepServer.Core.Events;
using Microsoft.Data.Sqlite;

namespace EcurepServer.Catalog.Sqlite;

/// <summary>
/// Upload events as rows of <c>events</c>: the event's JSON (<c>body</c>) and beside it its state, its lease and its
/// last error. A take runs in one write transaction (BEGIN IMMEDIATE), so two processes on the file never lease the
/// same event; a lease is a node and a time, so the events of a process that died are taken again once it passed.
/// </summary>
internal sealed class SqliteEventCatalog(SqliteCatalogDatabase database) : IEventCatalog
{
    private const string Columns = "body, state, created_ticks, error";

    public ValueTask EnqueueAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);

        // Committed with synchronous=FULL in WAL: on disk before the upload is acknowledged.
        database.Write((connection, transaction) =>
        {
            foreach (var outboxEvent in events)
            {
                Insert(connection, transaction, outboxEvent, EventState.Pending, orKeep: false);
            }

            return events.Count;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask WithdrawAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        database.Write((connection, transaction) =>
        {
            foreach (var outboxEvent in events)
            {
                connection.Execute("DELETE FROM events WHERE id = $id AND sink = $sink", transaction, ("$id", outboxEvent.Id), ("$sink", outboxEvent.Sink));
            }

            return events.Count;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<OutboxEvent>> TakeAsync(string sink, string nodeId, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<OutboxEvent>>(database.Write((connection, transaction) =>
        {
            var heldElsewhere = connection.Scalar(
                "SELECT count(*) FROM events WHERE sink = $sink AND state = 'pending' AND lease_until_ticks > $now AND lease_node <> $node",
                transaction,
                ("$sink", sink),
                ("$now", now.UtcTicks),
                ("$node", nodeId));
            if (heldElsewhere > 0)
            {
                return new List<OutboxEvent>();
            }

            var taken = new List<(long Seq, OutboxEvent Event)>();
            using (var select = connection.Command(
                $"SELECT seq, {Columns} FROM events WHERE sink = $sink AND state = 'pending' ORDER BY seq LIMIT $limit",
                transaction,
                ("$sink", sink),
                ("$limit", limit)))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    taken.Add((reader.GetInt64(0), Read(reader, 1)));
                }
            }

            foreach (var (seq, _) in taken)
            {
                connection.Execute(
                    "UPDATE events SET lease_node = $node, lease_until_ticks = $until WHERE seq = $seq",
                    transaction,
                    ("$node", nodeId),
                    ("$until", leaseUntil.UtcTicks),
                    ("$seq", seq));
            }

            return taken.ConvertAll(entry => entry.Event);
        }));

    public ValueTask<int> RenewLeasesAsync(string nodeId, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) => connection.Execute(
            "UPDATE events SET lease_until_ticks = $until WHERE lease_node = $node AND state = 'pending'",
            transaction,
            ("$until", leaseUntil.UtcTicks),
            ("$node", nodeId))));

    public ValueTask<IReadOnlyList<OutboxEvent>> ListAsync(IReadOnlyList<EventState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var names = (states.Count == 0 ? Enum.GetValues<EventState>() : states).Select(StateName).ToHashSet(StringComparer.Ordinal);
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {Columns} FROM events ORDER BY id, sink", null);
        using var reader = command.ExecuteReader();
        var events = new List<OutboxEvent>();
        while (reader.Read())
        {
            if (names.Contains(reader.GetString(1)))
            {
                events.Add(Read(reader, 0));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<OutboxEvent>>(events);
    }

    public ValueTask<int> PendingCountAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return ValueTask.FromResult((int)connection.Scalar("SELECT count(*) FROM events WHERE state = 'pending'", null));
    }

    public ValueTask MarkDeliveredAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        database.Write((connection, transaction) => connection.Execute(
            """
            UPDATE events SET state = 'delivered', delivered_ticks = $now, lease_node = NULL, lease_until_ticks = NULL, error = NULL
            WHERE id = $id AND sink = $sink AND state = 'pending'
            """,
            transaction,
            ("$now", now.UtcTicks),
            ("$id", outboxEvent.Id),
            ("$sink", outboxEvent.Sink)));
        return ValueTask.CompletedTask;
    }

    public ValueTask MarkFailedAsync(OutboxEvent outboxEvent, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        database.Write((connection, transaction) => connection.Execute(
            """
            UPDATE events SET state = 'failed', error = $error, lease_node = NULL, lease_until_ticks = NULL
            WHERE id = $id AND sink = $sink AND state = 'pending'
            """,
            transaction,
            ("$error", error),
            ("$id", outboxEvent.Id),
            ("$sink", outboxEvent.Sink)));
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> RetryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) => connection.Execute(
            """
            UPDATE events SET state = 'pending', created_ticks = $now, error = NULL, lease_node = NULL, lease_until_ticks = NULL
            WHERE id = $id AND state = 'failed'
            """,
            transaction,
            ("$now", now.UtcTicks),
            ("$id", id))));

    public ValueTask<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        ValueTask.FromResult(database.Write((connection, transaction) => connection.Execute(
            "DELETE FROM events WHERE state = 'delivered' AND delivered_ticks < $before",
            transaction,
            ("$before", before.UtcTicks))));

    public ValueTask<int> ImportAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return ValueTask.FromResult(database.Write((connection, transaction) =>
            events.Sum(outboxEvent => Insert(connection, transaction, outboxEvent, outboxEvent.State, orKeep: true))));
    }

    private static int Insert(SqliteConnection connection, SqliteTransaction transaction, OutboxEvent outboxEvent, EventState state, bool orKeep) =>
        connection.Execute(
            $"""
            INSERT INTO events (id, sink, body, state, created_ticks, error) VALUES ($id, $sink, $body, $state, $created, $error)
            {(orKeep ? "ON CONFLICT (id, sink) DO NOTHING" : "")}
            """,
            transaction,
            ("$id", outboxEvent.Id),
            ("$sink", outboxEvent.Sink),
            ("$body", OutboxEventJson.Serialize(outboxEvent)),
            ("$state", StateName(state)),
            ("$created", outboxEvent.CreatedUtc.UtcTicks),
            ("$error", outboxEvent.LastError));

    /// <summary>The event of the row whose <see cref="Columns"/> start at <paramref name="first"/>.</summary>
    private static OutboxEvent Read(SqliteDataReader reader, int first) =>
        OutboxEventJson.Deserialize(reader.GetString(first)) with
        {
            State = Enum.Parse<EventState>(reader.GetString(first + 1), ignoreCase: true),
            CreatedUtc = SqliteCommands.ToTime(reader.GetInt64(first + 2)),
            LastError = reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        };

    internal static string StateName(EventState state) => state.ToString().ToLowerInvariant();
}
