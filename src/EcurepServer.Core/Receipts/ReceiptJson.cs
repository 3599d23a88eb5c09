using System.Text.Json;

namespace EcurepServer.Core.Receipts;

/// <summary>A receipt as its JSON line (the form <c>receipts.jsonl</c> and the catalog keep it).</summary>
public static class ReceiptJson
{
    public static string Serialize(Receipt receipt) => JsonSerializer.Serialize(receipt, ReceiptsJsonContext.Default.Receipt);

    /// <exception cref="JsonException">The text is not a receipt.</exception>
    public static Receipt Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReceiptsJsonContext.Default.Receipt) ?? throw new JsonException("A receipt was null.");
}
