using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace EcurepServer.Metrics;

/// <summary>
/// Collects every instrument of the meters named <c>EcurepServer</c> or <c>EcurepServer.*</c> that this host's meter
/// factory made (a meter made without one belongs to no host, e.g. another server in the same test process), and
/// renders them as Prometheus text for GET /metrics. Counters sum, gauges keep the last value, histograms count into
/// their advised buckets; observable instruments are read at each scrape. A measurement costs a lock and a search among the instrument's few label sets, no allocation.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public const string MeterPrefix = "EcurepServer";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _scrapeLock = new();

    /// <param name="listen">False (the management endpoint is off): nothing is collected, and instruments cost nothing.</param>
    public MetricsCollector(IMeterFactory meterFactory, bool listen)
    {
        if (!listen)
        {
            return;
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter;
            if (IsExported(meter.Name) && ReferenceEquals(meter.Scope, meterFactory))
            {
                var series = new InstrumentSeries(instrument);
                _instruments[instrument] = series;
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Whether a meter's instruments are exported: <c>EcurepServer</c> and <c>EcurepServer.*</c>.</summary>
    public static bool IsExported(string meterName) =>
        meterName == MeterPrefix || meterName.StartsWith(MeterPrefix + ".", StringComparison.Ordinal);

    /// <summary>Every exported instrument in the Prometheus text exposition format (version 0.0.4).</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _instruments.Values.GroupBy(series => series.Name).OrderBy(group => group.Key, StringComparer.Ordinal))
            {
                PrometheusText.AppendFamily(text, family.Key, [.. family]);
            }

            return text.ToString();
        }
    }

    /// <summary>An instrument's current values summed by the value of one label (for the web view's chart and budgets).</summary>
    public IReadOnlyDictionary<string, double> Totals(string instrumentName, string label)
    {
        lock (_scrapeLock)
        {
            var matching = _instruments.Values.Where(series => series.Instrument.Name == instrumentName).ToList();
            if (matching.Any(series => series.Instrument.IsObservable))
            {
                _listener.RecordObservableInstruments();
            }

            var totals = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var series in matching.SelectMany(instrument => instrument.Snapshot()))
            {
                var key = series.Labels.FirstOrDefault(pair => pair.Key == label).Value ?? string.Empty;
                totals[key] = totals.GetValueOrDefault(key) + series.Value;
            }

            return totals;
        }
    }

    public void Dispose() => _listener.Dispose();
}
