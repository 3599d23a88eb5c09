using System.Diagnostics.Metrics;
using EcurepServer.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Tests;

/// <summary>The Prometheus text the collector renders: names, suffixes, labels, escaping, histograms, and which meters it takes.</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Counters_sum_per_label_set_and_get_their_unit_and_total_suffixes()
    {
        using var collector = new MetricsCollector(Factory, listen: true);
        var meter = Factory.Create("EcurepServer");
        var received = meter.CreateCounter<long>("ecurep.test.received", "By", "Bytes received");

        received.Add(10, new("site", "Europe"), new("protocol", "ftps"));
        received.Add(5, new("protocol", "ftps"), new("site", "Europe"));
        received.Add(7, new("site", "Europe"), new("protocol", "sftp"));

        Assert.Equal(
            """
            # HELP ecurep_test_received_bytes Bytes received
            # TYPE ecurep_test_received_bytes counter
            ecurep_test_received_bytes_total{protocol="ftps",site="Europe"} 15
            ecurep_test_received_bytes_total{protocol="sftp",site="Europe"} 7

            """.ReplaceLineEndings("\n"),
            collector.Scrape());
    }

    [Fact]
    public void Histograms_count_into_cumulative_buckets_with_sum_and_count()
    {
        using var collector = new MetricsCollector(Factory, listen: true);
        var histogram = Factory.Create("EcurepServer.Test").CreateHistogram("ecurep.test.duration", "s", "Duration",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10] });

        histogram.Record(0.5);
        histogram.Record(1);
        histogram.Record(3);
        histogram.Record(30);

        Assert.Equal(
            """
            # HELP ecurep_test_duration_seconds Duration
            # TYPE ecurep_test_duration_seconds histogram
            ecurep_test_duration_seconds_bucket{le="1"} 2
            ecurep_test_duration_seconds_bucket{le="10"} 3
            ecurep_test_duration_seconds_bucket{le="+Inf"} 4
            ecurep_test_duration_seconds_sum 34.5
            ecurep_test_duration_seconds_count 4

            """.ReplaceLineEndings("\n"),
            collector.Scrape());
    }

    [Fact]
    public void Up_down_counters_and_observable_gauges_are_gauges_and_label_values_are_escaped()
    {
        using var collector = new MetricsCollector(Factory, listen: true);
        var meter = Factory.Create("EcurepServer");
        var active = meter.CreateUpDownCounter<long>("ecurep.test.active");
        var level = 3;
        meter.CreateObservableGauge("ecurep.test.level", () => level, null, "Line one\nback\\slash");

        active.Add(2, new KeyValuePair<string, object?>("site", "a\"b\\c\nd"));
        active.Add(-1, new KeyValuePair<string, object?>("site", "a\"b\\c\nd"));
        level = 4;

        Assert.Equal(
            """
            # TYPE ecurep_test_active gauge
            ecurep_test_active{site="a\"b\\c\nd"} 1
            # HELP ecurep_test_level Line one\nback\\slash
            # TYPE ecurep_test_level gauge
            ecurep_test_level 4

            """.ReplaceLineEndings("\n"),
            collector.Scrape());
    }

    [Fact]
    public void Only_EcurepServer_meters_of_this_host_are_exported_and_nothing_is_collected_when_off()
    {
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var collector = new MetricsCollector(Factory, listen: true);
        using var off = new MetricsCollector(Factory, listen: false);
        Factory.Create("EcurepServer.Defender").CreateCounter<long>("ecurep.test.bans").Add(1);
        Factory.Create("EcurepServerish").CreateCounter<long>("ecurep.test.wrong.prefix").Add(1);
        Factory.Create("Other").CreateCounter<long>("ecurep.test.other").Add(1);
        otherServices.GetRequiredService<IMeterFactory>().Create("EcurepServer").CreateCounter<long>("ecurep.test.other.host").Add(1);

        var text = collector.Scrape();

        Assert.Contains("ecurep_test_bans_total 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong_prefix", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ecurep_test_other", text, StringComparison.Ordinal);
        Assert.Equal("", off.Scrape());
    }
}
