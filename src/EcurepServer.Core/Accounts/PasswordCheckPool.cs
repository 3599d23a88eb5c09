namespace EcurepServer.Core.Accounts;

/// <summary>
/// Runs PBKDF2 work at most <c>maxConcurrent</c> at a time, so a flood of logins leaves processor time to the
/// transfers; up to <c>maxQueued</c> more checks wait their turn without holding a thread, and beyond that a check
/// is refused at once instead of queueing without bound.
/// </summary>
internal sealed class PasswordCheckPool(int maxConcurrent, int maxQueued) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);
    private int _pending;

    /// <summary>The result of <paramref name="check"/>, or null when the queue is full and it did not run.</summary>
    public async ValueTask<bool?> TryRunAsync(Func<bool> check, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _pending) > maxConcurrent + maxQueued)
        {
            Interlocked.Decrement(ref _pending);
            return null;
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return check();
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose() => _slots.Dispose();
}
