namespace EcurepServer.Core.Configuration;

/// <summary>Receipt settings, bound from <c>EcurepServer:Receipts</c>.</summary>
public sealed class ReceiptOptions
{
    public const string SectionName = "EcurepServer:Receipts";

    /// <summary>
    /// A JSON-lines file every receipt is also appended to once committed to the catalog, for tooling that reads
    /// <c>receipts.jsonl</c>; empty: none. The host makes it absolute.
    /// </summary>
    public string ExportPath { get; set; } = string.Empty;
}
