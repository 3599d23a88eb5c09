using System.Runtime.CompilerServices;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Tests.Support;

/// <summary>A receipt store whose appends fail while <see cref="Failure"/> says so; otherwise the real store.</summary>
public sealed class FailingReceiptStore(IReceiptStore inner) : IReceiptStore
{
    /// <summary>The exception the next appends throw (after <see cref="BeforeFailing"/>); null lets them through.</summary>
    public Func<Exception>? Failure { get; set; }

    /// <summary>Runs just before a failing append throws, e.g. to break the undo too.</summary>
    public Action? BeforeFailing { get; set; }

    public int FailedAppends { get; private set; }

    public ValueTask AppendAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            FailedAppends++;
            BeforeFailing?.Invoke();
            throw failure();
        }

        return inner.AppendAsync(receipt, cancellationToken);
    }

    public async IAsyncEnumerable<Receipt> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var receipt in inner.ReadAllAsync(cancellationToken))
        {
            yield return receipt;
        }
    }
}
