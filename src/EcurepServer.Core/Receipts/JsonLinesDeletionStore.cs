using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcurepServer.Core.Receipts;

/// <summary>The deletion marks beside the receipts (<c>deletions.jsonl</c>), as JSON lines like the receipts.</summary>
public sealed class JsonLinesDeletionStore : IDisposable
{
    private readonly JsonLinesFile<ReceiptDeletion> _file;

    public JsonLinesDeletionStore(string filePath, ILogger<JsonLinesDeletionStore>? logger = null) =>
        _file = new JsonLinesFile<ReceiptDeletion>(filePath, ReceiptsJsonContext.Default.ReceiptDeletion, logger ?? NullLogger<JsonLinesDeletionStore>.Instance);

    public string FilePath => _file.FilePath;

    public ValueTask AppendAsync(ReceiptDeletion deletion, CancellationToken cancellationToken) => _file.AppendAsync(deletion, cancellationToken);

    public IAsyncEnumerable<ReceiptDeletion> ReadAllAsync(CancellationToken cancellationToken) => _file.ReadAllAsync(cancellationToken);

    public void Dispose() => _file.Dispose();
}
