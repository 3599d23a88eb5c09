namespace EcurepServer.Core.Catalog;

/// <summary>
/// Keeps what a node holds in memory from the catalog fresh off the connection path: the first use loads it (so what
/// was stored before a start applies at once), then <c>look</c> runs once per poll interval, the next due an interval
/// after one ends, awaiting the catalog rather than blocking a thread on it.
/// </summary>
internal sealed class CatalogRefresh(TimeProvider time, TimeSpan interval, Func<CancellationToken, Task> look) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>On first use runs <paramref name="load"/> and starts the refresh; afterwards costs one field read.</summary>
    public void EnsureStarted(Action load)
    {
        if (Volatile.Read(ref _timer) is not null)
        {
            return;
        }

        lock (_lock)
        {
            if (_timer is not null || _disposed)
            {
                return;
            }

            load();
            Volatile.Write(ref _timer, time.CreateTimer(_ => _ = LookAsync(), null, interval, Timeout.InfiniteTimeSpan));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
        }

        // Not disposed: a look running now still reads the token.
        _stopping.Cancel();
    }

    private async Task LookAsync()
    {
        try
        {
            await look(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Disposed: the server stops.
        }
        finally
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _timer!.Change(interval, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }
}
