namespace EcurepServer.Ftp.Session;

/// <summary>A cancellation source that fires after a timeout measured on the injected clock, or with an outer token.</summary>
internal sealed class TimeoutSource : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _link;

    public TimeoutSource(TimeProvider time, TimeSpan timeout, CancellationToken outer)
    {
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _source.CancelAfter(timeout);
        _link = outer.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _source);
        Outer = outer;
    }

    public CancellationToken Token => _source.Token;

    public CancellationToken Outer { get; }

    /// <summary>True when the timeout, not the outer token, cancelled the work.</summary>
    public bool TimedOut => _source.IsCancellationRequested && !Outer.IsCancellationRequested;

    /// <summary>Starts the timeout again (stall detection: called after each chunk moves).</summary>
    public void Restart(TimeSpan timeout) => _source.CancelAfter(timeout);

    public void Dispose()
    {
        _link.Dispose();
        _source.Dispose();
    }
}
