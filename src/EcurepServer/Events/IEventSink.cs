using EcurepServer.Core.Events;

namespace EcurepServer.Events;

/// <summary>Where a sink's events go. <see cref="DeliverAsync"/> retries on its own until the event is confirmed or the token ends the retry time.</summary>
internal interface IEventSink
{
    Task DeliverAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken);
}
