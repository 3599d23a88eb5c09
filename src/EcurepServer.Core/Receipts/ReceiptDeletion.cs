namespace EcurepServer.Core.Receipts;

/// <summary>
/// Says that the file of one receipt is gone: deleted by retention at <see cref="DeletedUtc"/>, or found already
/// missing (<see cref="AlreadyGone"/>). Written as one line of <c>deletions.jsonl</c>, so receipts stay append-only;
/// it names its receipt by path, completion time and SHA-256, which together identify one delivery.
/// </summary>
public sealed record ReceiptDeletion(string Path, DateTimeOffset CompletedUtc, string Sha256, DateTimeOffset DeletedUtc, bool AlreadyGone = false)
{
    public static ReceiptDeletion Of(Receipt receipt, DateTimeOffset deletedUtc, bool alreadyGone)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new(receipt.Path, receipt.CompletedUtc, receipt.Sha256, deletedUtc, alreadyGone);
    }

    public bool Marks(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return string.Equals(Path, receipt.Path, StringComparison.Ordinal)
            && CompletedUtc == receipt.CompletedUtc
            && string.Equals(Sha256, receipt.Sha256, StringComparison.OrdinalIgnoreCase);
    }
}
