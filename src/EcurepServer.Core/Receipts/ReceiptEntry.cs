using EcurepServer.Core.Routing;

namespace EcurepServer.Core.Receipts;

/// <summary>A receipt as listed: with its route (also for receipts older than routing) and its deletion mark, if any.</summary>
public sealed record ReceiptEntry(Receipt Receipt, Route Route, ReceiptDeletion? Deletion)
{
    public bool IsDeleted => Deletion is not null;

    /// <summary>Every receipt in the order delivered, each with its deletion mark.</summary>
    public static async Task<IReadOnlyList<ReceiptEntry>> ReadAllAsync(IReceiptStore receipts, JsonLinesDeletionStore deletions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(deletions);
        var marks = new Dictionary<(string Path, DateTimeOffset CompletedUtc), List<ReceiptDeletion>>();
        await foreach (var deletion in deletions.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = (deletion.Path, deletion.CompletedUtc);
            if (!marks.TryGetValue(key, out var list))
            {
                marks[key] = list = [];
            }

            list.Add(deletion);
        }

        var entries = new List<ReceiptEntry>();
        await foreach (var receipt in receipts.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var mark = marks.TryGetValue((receipt.Path, receipt.CompletedUtc), out var list) ? list.Find(d => d.Marks(receipt)) : null;
            entries.Add(new ReceiptEntry(receipt, FileNameRouter.RouteOf(receipt), mark));
        }

        return entries;
    }
}
