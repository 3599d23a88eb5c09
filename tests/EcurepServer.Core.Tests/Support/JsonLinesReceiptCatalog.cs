using System.Runtime.CompilerServices;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Tests.Support;

/// <summary>A receipt catalog over the fixture's JSON-lines files, so retention tests read what they wrote as files.</summary>
public sealed class JsonLinesReceiptCatalog(JsonLinesReceiptStore receipts, JsonLinesDeletionStore deletions) : IReceiptCatalog
{
    public event Action? Appended
    {
        add => receipts.Appended += value;
        remove => receipts.Appended -= value;
    }

    public ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken) => receipts.AppendAsync(receipt, cancellationToken);

    public IAsyncEnumerable<Receipt> ReadAllAsync(CancellationToken cancellationToken) => receipts.ReadAllAsync(cancellationToken);

    public async IAsyncEnumerable<ReceiptEntry> QueryAsync(UploadQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in await ReceiptEntry.ReadAllAsync(receipts, deletions, cancellationToken))
        {
            if (query.Matches(entry))
            {
                yield return entry;
            }
        }
    }

    public async ValueTask<ReceiptEntry?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await ReceiptEntry.ReadAllAsync(receipts, deletions, cancellationToken)).FirstOrDefault(entry => UploadCatalog.IdOf(entry.Receipt) == id);

    public ValueTask MarkDeletedAsync(ReceiptDeletion deletion, CancellationToken cancellationToken) => deletions.AppendAsync(deletion, cancellationToken);

    public ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}
