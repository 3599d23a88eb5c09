using System.Text.Json;

namespace EcurepServer.Core.Receipts;

/// <summary>A receipt as its JSON line (the form <c>receipts.jsonl</c> and the catalog keep it).</summary>
public static class ReceiptJson
{
    public static string Serialize(Receipt receipt) => JsonSerializer.Serialize(receipt, ReceiptsJsonContext.Default.Receipt);

    /// <summary>Writes the receipt as one JSON object to <paramref name="writer"/>, the same as <see cref="Serialize"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Receipt receipt) => JsonSerializer.Serialize(writer, receipt, ReceiptsJsonContext.Default.Receipt);

    /// <summary>
    /// The receipt, read by <see cref="ReceiptReader"/> when written as <see cref="Serialize"/> writes it (no
    /// serializer metadata to JIT-compile), otherwise by the serializer, which accepts and refuses exactly as before.
    /// </summary>
    /// <exception cref="JsonException">The text is not a receipt.</exception>
    public static Receipt Deserialize(string json) =>
        ReceiptReader.TryRead(json) ?? SerializerDeserialize(json);

    /// <summary>The receipt as the source-generated serializer reads it.</summary>
    /// <exception cref="JsonException">The text is not a receipt.</exception>
    internal static Receipt SerializerDeserialize(string json) =>
        JsonSerializer.Deserialize(json, ReceiptsJsonContext.Default.Receipt) ?? throw new JsonException("A receipt was null.");
}
