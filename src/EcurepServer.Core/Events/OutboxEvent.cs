using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Events;

/// <summary>
/// One upload event for one sink, as the outbox keeps it: the id receivers deduplicate by (the same for every sink
/// of the upload), the receipt that is the event's body, and the delivered file's full path.
/// </summary>
public sealed record OutboxEvent(string Id, string Sink, string Kind, DateTimeOffset CreatedUtc, string DeliveredFile, Receipt Receipt)
{
    public const string UploadDelivered = "upload.delivered";

    /// <summary>Why the last attempt failed; kept with a failed event.</summary>
    public string? LastError { get; init; }

    /// <summary>The event's state, from the outbox folder it was read from (not stored).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public EventState State { get; init; }
}

/// <summary>Where an event is: waiting to be sent (or being retried), confirmed by its sink, or given up on.</summary>
public enum EventState
{
    Pending,
    Delivered,
    Failed,
}
