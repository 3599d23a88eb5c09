using System.Text.Json;

namespace EcurepServer.Core.Events;

/// <summary>An outbox event as the catalog keeps it: one JSON text (its state, lease and last error are columns beside it).</summary>
public static class OutboxEventJson
{
    public static string Serialize(OutboxEvent outboxEvent) =>
        JsonSerializer.Serialize(outboxEvent with { LastError = null }, EventsJsonContext.Default.OutboxEvent);

    public static OutboxEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, EventsJsonContext.Default.OutboxEvent) ?? throw new JsonException("An outbox event is null.");
}
