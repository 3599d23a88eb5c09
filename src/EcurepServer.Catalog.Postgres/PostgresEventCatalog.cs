using EcurepServer.Core.Catalog;
using EcurepServer.Core.Events;
using Npgsql;

namespace EcurepServer.Catalog.Postgres;

/// <summary>
/// Upload events in PostgreSQL, shared by every node: the event's JSON (<c>body</c>) and beside it its state, its lease
/// and its last error. A take holds a transaction-scoped advisory lock on the sink, so nodes taking at once are
/// answered one after the other and only one node at a time holds live leases on a sink's events.
/// </summary>
public sealed class PostgresEventCatalog(PostgresCatalogDatabase database) : IEventCatalog
{
    private const string Columns = "body, state, created_utc, error";

    public async ValueTask EnqueueAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                foreach (var outboxEvent in events)
                {
                    await InsertAsync(connection, transaction, outboxEvent, EventState.Pending, orKeep: false, cancellationToken).ConfigureAwait(false);
                }

                return events.Count;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WithdrawAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            null,
            "delete from events where (id, sink) in (select * from unnest(@ids, @sinks))",
            ("ids", events.Select(e => e.Id).ToArray()),
            ("sinks", events.Select(e => e.Sink).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<OutboxEvent>> TakeAsync(string sink, string nodeId, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await database.InTransactionAsync<IReadOnlyList<OutboxEvent>>(
            async (connection, transaction) =>
            {
                await using (var serialise = PostgresCatalogDatabase.Command(connection, transaction, "select pg_advisory_xact_lock(hashtextextended(@name, 0))", ("name", "ecurep-events:" + sink)))
                {
                    await serialise.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using var take = PostgresCatalogDatabase.Command(
                    connection,
                    transaction,
                    $"""
                    with held as (
                        select 1 from events where sink = @sink and state = 'pending' and lease_until > @now and lease_node <> @node limit 1),
                    next as (
                        select seq from events where sink = @sink and state = 'pending' and not exists (select 1 from held)
                        order by seq limit @limit)
                    update events set lease_node = @node, lease_until = @until
                    where seq in (select seq from next)
                    returning seq, {Columns}
                    """,
                    ("sink", sink),
                    ("now", now.ToUniversalTime()),
                    ("node", nodeId),
                    ("limit", limit),
                    ("until", leaseUntil.ToUniversalTime()));
                await using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var taken = new List<(long Seq, OutboxEvent Event)>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    taken.Add((reader.GetInt64(0), Read(reader, 1)));
                }

                return [.. taken.OrderBy(entry => entry.Seq).Select(entry => entry.Event)];
            },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<int> RenewLeasesAsync(string nodeId, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "update events set lease_until = @until where lease_node = @node and state = 'pending'",
            cancellationToken,
            ("until", leaseUntil.ToUniversalTime()),
            ("node", nodeId)).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<OutboxEvent>> ListAsync(IReadOnlyList<EventState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var names = (states.Count == 0 ? Enum.GetValues<EventState>() : states).Select(StateName).ToArray();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, $"select {Columns} from events where state = any(@states) order by id, sink", ("states", names));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<OutboxEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(Read(reader, 0));
        }

        return events;
    }

    public async ValueTask<int> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, "select count(*) from events where state = 'pending'");
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async ValueTask MarkDeliveredAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        await ExecuteAsync(
            """
            update events set state = 'delivered', delivered_utc = @now, lease_node = null, lease_until = null, error = null
            where id = @id and sink = @sink and state = 'pending'
            """,
            cancellationToken,
            ("now", now.ToUniversalTime()),
            ("id", outboxEvent.Id),
            ("sink", outboxEvent.Sink)).ConfigureAwait(false);
    }

    public async ValueTask MarkFailedAsync(OutboxEvent outboxEvent, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        await ExecuteAsync(
            """
            update events set state = 'failed', error = @error, lease_node = null, lease_until = null
            where id = @id and sink = @sink and state = 'pending'
            """,
            cancellationToken,
            ("error", error),
            ("id", outboxEvent.Id),
            ("sink", outboxEvent.Sink)).ConfigureAwait(false);
    }

    public async ValueTask<int> RetryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            update events set state = 'pending', created_utc = @now, error = null, lease_node = null, lease_until = null
            where id = @id and state = 'failed'
            """,
            cancellationToken,
            ("now", now.ToUniversalTime()),
            ("id", id)).ConfigureAwait(false);

    public async ValueTask<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        await ExecuteAsync("delete from events where state = 'delivered' and delivered_utc < @before", cancellationToken, ("before", before.ToUniversalTime())).ConfigureAwait(false);

    public async ValueTask<int> ImportAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var added = 0;
                foreach (var outboxEvent in events)
                {
                    added += await InsertAsync(connection, transaction, outboxEvent, outboxEvent.State, orKeep: true, cancellationToken).ConfigureAwait(false);
                }

                return added;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxEvent outboxEvent, EventState state, bool orKeep, CancellationToken cancellationToken)
    {
        await using var command = PostgresCatalogDatabase.Command(
            connection,
            transaction,
            $"""
            insert into events (id, sink, body, state, created_utc, error) values (@id, @sink, @body, @state, @created, @error)
            {(orKeep ? "on conflict (id, sink) do nothing" : "")}
            """,
            ("id", outboxEvent.Id),
            ("sink", outboxEvent.Sink),
            ("body", OutboxEventJson.Serialize(outboxEvent)),
            ("state", StateName(state)),
            ("created", outboxEvent.CreatedUtc.ToUniversalTime()),
            ("error", outboxEvent.LastError));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresCatalogDatabase.Command(connection, null, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The event of the row whose <see cref="Columns"/> start at <paramref name="first"/>.</summary>
    private static OutboxEvent Read(NpgsqlDataReader reader, int first) =>
        OutboxEventJson.Deserialize(reader.GetString(first)) with
        {
            State = Enum.Parse<EventState>(reader.GetString(first + 1), ignoreCase: true),
            CreatedUtc = reader.GetFieldValue<DateTimeOffset>(first + 2),
            LastError = reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        };

    private static string StateName(EventState state) => state.ToString().ToLowerInvariant();
}
