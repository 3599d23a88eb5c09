using EcurepServer.Core.Events;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The upload event outbox, shared by every node: events are queued before their upload is acknowledged and sent by
/// whichever node takes them (<see cref="TakeAsync"/> leases a pending event, so two nodes never send it at once).
/// </summary>
public interface IEventCatalog
{
    /// <summary>Queues <paramref name="events"/> (one per sink) durably, all or none.</summary>
    ValueTask EnqueueAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);

    /// <summary>Withdraws queued events (their upload's receipt failed).</summary>
    ValueTask WithdrawAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> pending events of <paramref name="sink"/>, oldest first, leased to
    /// <paramref name="nodeId"/> until <paramref name="leaseUntil"/> so no other node sends them meanwhile.
    /// </summary>
    ValueTask<IReadOnlyList<OutboxEvent>> TakeAsync(string sink, string nodeId, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>The events in <paramref name="states"/> (all when none given), oldest first.</summary>
    ValueTask<IReadOnlyList<OutboxEvent>> ListAsync(IReadOnlyList<EventState> states, CancellationToken cancellationToken);

    ValueTask<int> PendingCountAsync(CancellationToken cancellationToken);

    ValueTask MarkDeliveredAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The event failed for the whole retry time: it is kept as failed, with <paramref name="error"/>, until retried.</summary>
    ValueTask MarkFailedAsync(OutboxEvent outboxEvent, string error, CancellationToken cancellationToken);

    /// <summary>Makes the failed event <paramref name="id"/> pending again (for every sink it failed at) as of <paramref name="now"/>; returns how many.</summary>
    ValueTask<int> RetryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets delivered events delivered before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
