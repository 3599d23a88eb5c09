using System.Text.Json.Serialization;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Events;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxEvent))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
