using System.Text.Json;

namespace EcurepServer.Core.Receipts;

/// <summary>A receipt as its JSON line (the form <c>receipts.jsonl</c> and the catalog keep it).</summary>
public static class ReceiptJson
{
    public static string Serialize(Receipt receipt) => JsonSerializer.Serialize(receipt, ReceiptsJsonContext.Default.Receipt);

    /// <summary>Writes the receipt as one JSON object to <paramref name="writer"/>, the same as <see cref="Serialize"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Receipt receipt) => JsonSerializer.Serialize(writer, receipt, ReceiptsJsonContext.Default.Receipt);

    /// <exception cref="JsonException">The text is not a receipt.</exception>
    public static Receipt Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReceiptsJsonContext.Default.Receipt) ?? throw new JsonException("A receipt was null.");
}
