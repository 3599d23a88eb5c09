using System.Net;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Management;

/// <summary>
/// Wrong management tokens per client address. Once an address presented <c>MaxTokenFailures</c> wrong tokens within
/// <c>TokenFailureWindow</c>, every request of it that needs the token is refused until that window ends, the right
/// token included, so the token cannot be guessed at the speed of the endpoint. A request without any token is not a
/// guess and is not counted.
/// </summary>
internal sealed partial class TokenGuessLimit(int maxFailures, TimeSpan window, ClientAddressKey keys, TimeProvider time, ILogger logger)
{
    /// <summary>Networks remembered at once; past that, new ones share the unknown address's count, so many addresses cannot grow the table.</summary>
    private const int MaxAddresses = 4096;

    private static readonly IPNetwork Overflow = ClientAddressKey.Unknown;

    private readonly Lock _lock = new();
    private readonly Dictionary<IPNetwork, Failures> _failures = [];

    /// <summary>How long requests of <paramref name="address"/> that need the token stay refused; null when they are not.</summary>
    public TimeSpan? RefusedFor(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var key = keys.Of(address);
            if (!_failures.ContainsKey(key) && _failures.Count >= MaxAddresses)
            {
                key = Overflow;
            }

            return _failures.TryGetValue(key, out var failures) && failures.Count >= maxFailures && now < failures.Until
                ? failures.Until - now
                : null;
        }
    }

    /// <summary>Counts a wrong token presented by <paramref name="address"/>.</summary>
    public void Failed(IPAddress? address)
    {
        var now = time.GetUtcNow();
        Failures counted;
        lock (_lock)
        {
            var key = keys.Of(address);
            if (!_failures.ContainsKey(key) && _failures.Count >= MaxAddresses)
            {
                RemoveEnded(now);
                key = _failures.Count >= MaxAddresses ? Overflow : key;
            }

            var failures = _failures.TryGetValue(key, out var earlier) && now < earlier.Until ? earlier : new Failures(now + window, 0);
            counted = failures with { Count = failures.Count + 1 };
            _failures[key] = counted;
        }

        if (counted.Count == maxFailures)
        {
            LogRefusing(logger, address?.ToString() ?? "unknown", counted.Count, window, counted.Until);
        }
    }

    private void RemoveEnded(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            if (now >= failures.Until)
            {
                _failures.Remove(key);
            }
        }
    }

    private readonly record struct Failures(DateTimeOffset Until, int Count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Management endpoint: {Address} presented {Count} wrong tokens within {Window}; its requests that need the token are refused until {Until}")]
    private static partial void LogRefusing(ILogger logger, string address, int count, TimeSpan window, DateTimeOffset until);
}
