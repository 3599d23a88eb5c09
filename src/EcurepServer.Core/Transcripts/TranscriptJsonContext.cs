using System.Text.Json.Serialization;
using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Core.Transcripts;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TranscriptEvent))]
internal sealed partial class TranscriptJsonContext : JsonSerializerContext;
