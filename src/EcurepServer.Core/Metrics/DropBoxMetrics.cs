using System.Diagnostics.Metrics;
using EcurepServer.Core.Sessions;

namespace EcurepServer.Core.Metrics;

/// <summary>
/// The drop box's instruments on the <c>EcurepServer</c> meter, each labelled by site and protocol: uploads delivered,
/// refused (by reason) and failed (by cause), bytes received, upload duration and size. The calls cost an instrument
/// call each; bytes are added once per write, never per byte.
/// </summary>
public sealed class DropBoxMetrics
{
    public const string MeterName = "EcurepServer";

    private static readonly double[] DurationBuckets = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400];
    private static readonly long[] SizeBuckets = [1L << 10, 1L << 16, 1L << 20, 16L << 20, 256L << 20, 1L << 30, 4L << 30, 16L << 30, 64L << 30];

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _received;
    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _size;

    /// <param name="meterFactory">The host's factory; null makes a meter of its own (tests).</param>
    public DropBoxMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _delivered = meter.CreateCounter<long>("ecurep.uploads.delivered", "{upload}", "Uploads delivered (file and receipt on disk)");
        _refused = meter.CreateCounter<long>("ecurep.uploads.refused", "{upload}", "Uploads refused before they began, by reason");
        _failed = meter.CreateCounter<long>("ecurep.uploads.failed", "{upload}", "Uploads that ended undelivered, by cause");
        _received = meter.CreateCounter<long>("ecurep.received", "By", "Bytes written into uploads");
        _duration = meter.CreateHistogram("ecurep.upload.duration", "s", "Time from the start of a delivered upload to its receipt",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _size = meter.CreateHistogram("ecurep.upload.size", "By", "Size of delivered uploads",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
    }

    public void Received(SessionContext session, long bytes) =>
        _received.Add(bytes, Site(session), Protocol(session));

    public void Delivered(SessionContext session, long size, TimeSpan duration)
    {
        _delivered.Add(1, Site(session), Protocol(session));
        _size.Record(size, Site(session), Protocol(session));
        _duration.Record(duration.TotalSeconds, Site(session), Protocol(session));
    }

    public void Refused(SessionContext session, RefusalKind reason) =>
        _refused.Add(1, Site(session), Protocol(session), new("reason", Label(reason)));

    /// <summary>An upload ended undelivered: <paramref name="cause"/> is the first refusal's kind, or "interrupted".</summary>
    public void Failed(SessionContext session, RefusalKind? cause) =>
        _failed.Add(1, Site(session), Protocol(session), new("cause", cause is { } kind ? Label(kind) : "interrupted"));

    /// <summary>A refusal kind as a label value: too_large, quota_exceeded, ...</summary>
    public static string Label(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => "not_found",
        RefusalKind.PermissionDenied => "permission_denied",
        RefusalKind.InvalidPath => "invalid_path",
        RefusalKind.AlreadyExists => "already_exists",
        RefusalKind.NotADirectory => "not_a_directory",
        RefusalKind.NotAFile => "not_a_file",
        RefusalKind.TooLarge => "too_large",
        RefusalKind.Unavailable => "unavailable",
        RefusalKind.InsufficientStorage => "insufficient_storage",
        RefusalKind.QuotaExceeded => "quota_exceeded",
        RefusalKind.StorageFailed => "storage_failed",
        _ => "other",
    };

    private static KeyValuePair<string, object?> Site(SessionContext session) => new("site", session.Site);

    private static KeyValuePair<string, object?> Protocol(SessionContext session) => new("protocol", session.Protocol);
}
