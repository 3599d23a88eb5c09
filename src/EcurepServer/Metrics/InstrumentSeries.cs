using System.Diagnostics.Metrics;

namespace EcurepServer.Metrics;

/// <summary>What one instrument measured so far, one entry per label set.</summary>
internal sealed class InstrumentSeries
{
    /// <summary>OpenTelemetry's default histogram buckets, for histograms that advise none.</summary>
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly Lock _lock = new();
    private readonly List<Series> _series = [];

    public InstrumentSeries(Instrument instrument)
    {
        Instrument = instrument;
        Kind = KindOf(instrument);
        Name = PrometheusText.MetricName(instrument.Name, instrument.Unit, Kind == SeriesKind.Counter);
        Buckets = Kind == SeriesKind.Histogram ? BucketsOf(instrument) : [];
    }

    public Instrument Instrument { get; }

    public SeriesKind Kind { get; }

    /// <summary>The Prometheus metric name (for a counter with its _total suffix).</summary>
    public string Name { get; }

    /// <summary>A histogram's upper bounds, ascending; +Inf is implied.</summary>
    public double[] Buckets { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_lock)
        {
            var series = Find(tags) ?? Add(tags);
            switch (Kind)
            {
                case SeriesKind.Histogram:
                    var bucket = Array.BinarySearch(Buckets, value);
                    series.BucketCounts[bucket >= 0 ? bucket : ~bucket]++;
                    series.Sum += value;
                    series.Count++;
                    break;
                case SeriesKind.Counter when Instrument.IsObservable:
                case SeriesKind.Gauge when Instrument.IsObservable || Instrument is Gauge<long> or Gauge<int> or Gauge<double>:
                    series.Value = value;
                    break;
                default:
                    series.Value += value;
                    break;
            }
        }
    }

    /// <summary>A copy of every label set's state, for rendering outside the lock.</summary>
    public IReadOnlyList<Series> Snapshot()
    {
        lock (_lock)
        {
            return [.. _series.Select(series => series.Copy())];
        }
    }

    private Series? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in _series)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        return null;
    }

    private Series Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, tags[i].Value?.ToString() ?? "");
        }

        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var series = new Series(labels, new long[Buckets.Length + 1]);
        _series.Add(series);
        return series;
    }

    private static SeriesKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? SeriesKind.Counter
            : definition == typeof(Histogram<>) ? SeriesKind.Histogram
            : SeriesKind.Gauge;
    }

    private static double[] BucketsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(bound => (double)bound)],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(bound => (double)bound)],
        _ => DefaultBuckets,
    };

    /// <summary>One label set: its sum or last value, or a histogram's per-bucket counts (the last is +Inf), sum and count.</summary>
    internal sealed class Series(KeyValuePair<string, string>[] labels, long[] bucketCounts)
    {
        public KeyValuePair<string, string>[] Labels { get; } = labels;

        public double Value { get; set; }

        public long[] BucketCounts { get; } = bucketCounts;

        public double Sum { get; set; }

        public long Count { get; set; }

        public Series Copy() => new(Labels, (long[])BucketCounts.Clone()) { Value = Value, Sum = Sum, Count = Count };

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != Labels.Length)
            {
                return false;
            }

            foreach (var tag in tags)
            {
                if (!Has(tag.Key, tag.Value))
                {
                    return false;
                }
            }

            return true;
        }

        private bool Has(string key, object? value)
        {
            foreach (var label in Labels)
            {
                if (label.Key == key)
                {
                    return value is string text ? label.Value == text : label.Value == (value?.ToString() ?? "");
                }
            }

            return false;
        }
    }
}

/// <summary>How a Prometheus family reads an instrument.</summary>
internal enum SeriesKind
{
    Counter,
    Gauge,
    Histogram,
}
