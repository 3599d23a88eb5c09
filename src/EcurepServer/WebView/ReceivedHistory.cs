using EcurepServer.Metrics;

namespace EcurepServer.WebView;

/// <summary>
/// Bytes received per minute per site over the last hour, from the <c>ecurep.received</c> counter: its totals are
/// sampled at each minute (by a timer, and by every read), and a minute's bytes are the difference to the next sample.
/// </summary>
internal sealed class ReceivedHistory(MetricsCollector metrics, TimeProvider time) : IDisposable
{
    public const int Minutes = 60;
    private const string Instrument = "ecurep.received";

    private readonly Lock _lock = new();
    private readonly LinkedList<(DateTimeOffset Minute, IReadOnlyDictionary<string, double> Totals)> _samples = [];
    private ITimer? _timer;

    public void Start()
    {
        Sample();
        _timer = time.CreateTimer(_ => Sample(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <summary>Each minute of the last hour, oldest first, with the bytes each site received in it.</summary>
    public IReadOnlyList<(DateTimeOffset Minute, IReadOnlyDictionary<string, double> Bytes)> PerMinute()
    {
        Sample();
        var current = metrics.Totals(Instrument, "site");
        var now = MinuteOf(time.GetUtcNow());
        List<(DateTimeOffset Minute, IReadOnlyDictionary<string, double> Totals)> samples;
        lock (_lock)
        {
            samples = [.. _samples];
        }

        var minutes = new List<(DateTimeOffset, IReadOnlyDictionary<string, double>)>(Minutes);
        for (var minute = now.AddMinutes(1 - Minutes); minute <= now; minute = minute.AddMinutes(1))
        {
            var index = samples.FindIndex(sample => sample.Minute == minute);
            if (index < 0)
            {
                minutes.Add((minute, new Dictionary<string, double>()));
                continue;
            }

            var next = index + 1 < samples.Count ? samples[index + 1].Totals : current;
            var start = samples[index].Totals;
            minutes.Add((minute, next.ToDictionary(pair => pair.Key, pair => Math.Max(0, pair.Value - start.GetValueOrDefault(pair.Key)), StringComparer.Ordinal)));
        }

        return minutes;
    }

    public void Dispose() => _timer?.Dispose();

    private void Sample()
    {
        var minute = MinuteOf(time.GetUtcNow());
        lock (_lock)
        {
            if (_samples.Last?.Value.Minute == minute)
            {
                return;
            }
        }

        var totals = metrics.Totals(Instrument, "site");
        lock (_lock)
        {
            if (_samples.Last?.Value.Minute != minute)
            {
                _samples.AddLast((minute, totals));
                while (_samples.Count > Minutes + 1)
                {
                    _samples.RemoveFirst();
                }
            }
        }
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
