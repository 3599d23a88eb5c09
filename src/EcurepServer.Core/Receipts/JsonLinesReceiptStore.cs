using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Core.Receipts;

/// <summary>
/// Receipts as JSON lines, one per delivery, appended and flushed to disk before the delivery is reported.
/// A line cut short by a crash is skipped when reading and never glued to the next receipt.
/// </summary>
public sealed class JsonLinesReceiptStore : IReceiptStore, IDisposable
{
    private readonly JsonLinesFile<Receipt> _file;

    public JsonLinesReceiptStore(string filePath, ILogger<JsonLinesReceiptStore>? logger = null) =>
        _file = new JsonLinesFile<Receipt>(filePath, ReceiptsJsonContext.Default.Receipt, logger ?? NullLogger<JsonLinesReceiptStore>.Instance);

    public string FilePath => _file.FilePath;

    public ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken) => _file.AppendAsync(receipt, cancellationToken);

    public IAsyncEnumerable<Receipt> ReadAllAsync(CancellationToken cancellationToken) => _file.ReadAllAsync(cancellationToken);

    public void Dispose() => _file.Dispose();
}
