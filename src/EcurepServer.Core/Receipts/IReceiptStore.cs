namespace EcurepServer.Core.Receipts;

public interface IReceiptStore
{
    ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken);

    IAsyncEnumerable<Receipt> ReadAllAsync(CancellationToken cancellationToken);
}
