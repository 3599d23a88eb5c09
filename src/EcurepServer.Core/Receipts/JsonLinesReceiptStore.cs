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

    /// <summary>Raised after a receipt is on disk, so readers waiting for a delivery look again.</summary>
    public event Action? Appended;

    public async ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        await _file.AppendAsync(receipt, cancellationToken).ConfigureAwait(false);
        Appended?.Invoke();
    }

    public IAsyncEnumerable<Receipt> ReadAllAsync(CancellationToken cancellationToken) => _file.ReadAllAsync(cancellationToken);

    public void Dispose() => _file.Dispose();
}
