using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// The receipts of delivered uploads and their deletion marks, as a catalog provider keeps them. An append is durable
/// (committed) when it returns: the drop box acknowledges a delivery only after it. Receipts keep the order they were
/// appended in; every read returns them in that order. A receipt is identified by <see cref="UploadCatalog.IdOf"/>.
/// </summary>
public interface IReceiptCatalog : IReceiptStore
{
    /// <summary>Raised in this process after a receipt is committed, so readers waiting for a delivery look again.</summary>
    event Action? Appended;

    /// <summary>The receipts <paramref name="query"/> selects (every criterion answered by an index), each with its deletion mark, in delivery order.</summary>
    IAsyncEnumerable<ReceiptEntry> QueryAsync(UploadQuery query, CancellationToken cancellationToken);

    /// <summary>The receipt with id <paramref name="id"/> and its deletion mark; null when there is none.</summary>
    ValueTask<ReceiptEntry?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Marks the receipt <paramref name="deletion"/> names as deleted (retention); a receipt already marked keeps its first mark.</summary>
    ValueTask MarkDeletedAsync(ReceiptDeletion deletion, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the receipts marked deleted before <paramref name="deletedBefore"/> (retention keeps the catalog from
    /// growing without bound); returns how many. A catalog that keeps every receipt removes none.
    /// </summary>
    ValueTask<int> PurgeDeletedAsync(DateTimeOffset deletedBefore, CancellationToken cancellationToken) => ValueTask.FromResult(0);

    /// <summary>Deletes every receipt and deletion mark (a reset); returns how many receipts there were.</summary>
    ValueTask<int> DeleteAllAsync(CancellationToken cancellationToken);
}
