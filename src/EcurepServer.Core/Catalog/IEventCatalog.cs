using EcurepServer.Core.Events;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The upload event outbox, shared by every node: events are queued before their upload is acknowledged and sent by
/// whichever node takes them (<see cref="TakeAsync"/> leases a sink's pending events to one node at a time, so two
/// nodes never send the same event, and a sink's events go out in the order of the uploads).
/// </summary>
public interface IEventCatalog
{
    /// <summary>Queues <paramref name="events"/> (one per sink) durably, all or none.</summary>
    ValueTask EnqueueAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);

    /// <summary>Withdraws queued events (their upload's receipt failed), all or none.</summary>
    ValueTask WithdrawAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> pending events of <paramref name="sink"/>, oldest first, leased to
    /// <paramref name="nodeId"/> until <paramref name="leaseUntil"/> so no other node sends them meanwhile. None while
    /// another node holds a live lease on an event of the sink: one node at a time sends a sink's events.
    /// </summary>
    ValueTask<IReadOnlyList<OutboxEvent>> TakeAsync(string sink, string nodeId, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends (or, with a past time, gives up) the leases <paramref name="nodeId"/> holds on pending events; returns how many.</summary>
    ValueTask<int> RenewLeasesAsync(string nodeId, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

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

    /// <summary>
    /// Adds events of an outbox written before the catalog in their <see cref="OutboxEvent.State"/> (pending or failed,
    /// with their error), in one transaction; an event already there (same id and sink) is kept as it is. Returns how many were added.
    /// </summary>
    ValueTask<int> ImportAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);
}
