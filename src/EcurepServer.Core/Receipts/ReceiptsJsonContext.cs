using System.Text.Json.Serialization;

namespace EcurepServer.Core.Receipts;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(ReceiptDeletion))]
internal sealed partial class ReceiptsJsonContext : JsonSerializerContext;
