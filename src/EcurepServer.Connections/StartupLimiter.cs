using System.Net;
using System.Threading.RateLimiting;

namespace EcurepServer.Connections;

/// <summary>
/// Counts the connections of one listener that have not logged in yet and refuses those beyond its
/// <see cref="StartupLimits"/>, so slow or silent clients cannot hold the listener. A connection holds its
/// <see cref="StartupSlot"/> until it logs in or ends. Concurrency limiters (per address, partitioned, and in all)
/// do the counting; the random early drop is OpenSSH's.
/// </summary>
public sealed class StartupLimiter : IDisposable
{
    private readonly StartupLimits _limits;
    private readonly PartitionedRateLimiter<IPAddress> _perAddress;
    private readonly ConcurrencyLimiter _total;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <param name="random">Draws the early drops; a seeded one makes them repeat (tests).</param>
    public StartupLimiter(StartupLimits limits, Random? random = null)
    {
        _limits = limits;
        _random = random ?? Random.Shared;
        _perAddress = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetConcurrencyLimiter(
            address, _ => new ConcurrencyLimiterOptions { PermitLimit = limits.PerAddress, QueueLimit = 0 }));
        _total = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = limits.Full, QueueLimit = 0 });
    }

    /// <summary>Connections holding a slot now.</summary>
    public int Held => _limits.Full - (int)(_total.GetStatistics()?.CurrentAvailablePermits ?? _limits.Full);

    /// <summary>A slot for a new connection from <paramref name="address"/>, or null with why it is refused (for the log).</summary>
    public StartupSlot? TryEnter(IPAddress address, out string? refusal)
    {
        var fromAddress = _perAddress.AttemptAcquire(address);
        if (!fromAddress.IsAcquired)
        {
            fromAddress.Dispose();
            refusal = $"{_limits.PerAddress} connections from this address are already waiting to log in";
            return null;
        }

        if (DropsEarly(Held) is { } dropped)
        {
            fromAddress.Dispose();
            refusal = dropped;
            return null;
        }

        var total = _total.AttemptAcquire();
        if (!total.IsAcquired)
        {
            total.Dispose();
            fromAddress.Dispose();
            refusal = $"{_limits.Full} connections are already waiting to log in";
            return null;
        }

        refusal = null;
        return new StartupSlot(fromAddress, total);
    }

    public void Dispose()
    {
        _perAddress.Dispose();
        _total.Dispose();
    }

    private string? DropsEarly(int held)
    {
        if (held < _limits.DropFrom || held >= _limits.Full)
        {
            return null;
        }

        var span = _limits.Full - _limits.DropFrom;
        var percent = _limits.DropPercent + ((100 - _limits.DropPercent) * (held - _limits.DropFrom) / span);
        int draw;
        lock (_randomLock)
        {
            draw = _random.Next(100);
        }

        return draw < percent ? $"random early drop: {held} connections are waiting to log in (drop {percent}% from {_limits.DropFrom})" : null;
    }
}

/// <summary>A connection's place among those not logged in yet; disposing it (at login or end) frees it, once.</summary>
public sealed class StartupSlot(RateLimitLease fromAddress, RateLimitLease total) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            total.Dispose();
            fromAddress.Dispose();
        }
    }
}
