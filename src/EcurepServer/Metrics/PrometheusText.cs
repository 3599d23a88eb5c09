using System.Globalization;
using System.Text;

namespace EcurepServer.Metrics;

/// <summary>
/// The Prometheus text exposition format (0.0.4): instrument names with dots as underscores, the unit as a suffix
/// (s: _seconds, By: _bytes), counters with _total; HELP and TYPE once per family; label values escaped.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string MetricName(string instrumentName, string? unit, bool counter)
    {
        var name = new StringBuilder(instrumentName.Length + 16);
        foreach (var c in instrumentName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        var suffix = unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !name.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            name.Append(suffix);
        }

        if (counter)
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    /// <summary>One family: every instrument of that name (normally one) with all its label sets.</summary>
    public static void AppendFamily(StringBuilder text, string name, IReadOnlyList<InstrumentSeries> instruments)
    {
        var first = instruments[0];
        var type = first.Kind switch
        {
            SeriesKind.Counter => "counter",
            SeriesKind.Histogram => "histogram",
            _ => "gauge",
        };

        // The family name of a counter is the sample name without _total, as 0.0.4 parsers expect.
        var family = first.Kind == SeriesKind.Counter ? name[..^"_total".Length] : name;
        if (first.Instrument.Description is { Length: > 0 } description)
        {
            text.Append("# HELP ").Append(family).Append(' ').Append(EscapeHelp(description)).Append('\n');
        }

        text.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
        foreach (var instrument in instruments)
        {
            foreach (var series in instrument.Snapshot())
            {
                if (first.Kind == SeriesKind.Histogram)
                {
                    long cumulative = 0;
                    for (var i = 0; i < series.BucketCounts.Length; i++)
                    {
                        cumulative += series.BucketCounts[i];
                        var bound = i < instrument.Buckets.Length ? Number(instrument.Buckets[i]) : "+Inf";
                        AppendSample(text, family + "_bucket", series.Labels, ("le", bound), cumulative);
                    }

                    AppendSample(text, family + "_sum", series.Labels, null, series.Sum);
                    AppendSample(text, family + "_count", series.Labels, null, series.Count);
                }
                else
                {
                    AppendSample(text, name, series.Labels, null, series.Value);
                }
            }
        }
    }

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendSample(StringBuilder text, string name, KeyValuePair<string, string>[] labels, (string Key, string Value)? extra, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || extra is not null)
        {
            text.Append('{');
            var separator = "";
            foreach (var label in labels)
            {
                text.Append(separator).Append(LabelName(label.Key)).Append("=\"").Append(EscapeLabel(label.Value)).Append('"');
                separator = ",";
            }

            if (extra is { } added)
            {
                text.Append(separator).Append(added.Key).Append("=\"").Append(added.Value).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string LabelName(string key) =>
        string.Create(key.Length, key, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_' ? source[i] : '_';
            }
        });

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
