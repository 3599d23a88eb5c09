using System.Diagnostics.Metrics;
using EcurepServer.Core.Events;
using EcurepServer.Core.Metrics;
using EcurepServer.Settings;

namespace EcurepServer.Metrics;

/// <summary>
/// The server-wide instruments read at each scrape: free bytes on the data volume, interrupted uploads (partial
/// files) on disk, events waiting in the outbox; and the retention sweep's deletions as they happen.
/// </summary>
public sealed class ServerGauges
{
    private readonly Counter<long> _retentionDeletions;

    public ServerGauges(IMeterFactory meterFactory, AppPaths paths, EventOutbox outbox)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(outbox);
        var meter = meterFactory.Create(DropBoxMetrics.MeterName);
        meter.CreateObservableGauge("ecurep.data.free", () => new DriveInfo(paths.DataDirectory).AvailableFreeSpace, "By", "Free bytes on the data directory's volume");
        meter.CreateObservableGauge("ecurep.partials", () => CountPartials(paths.DataDirectory), "{file}", "Interrupted uploads kept for a resume");
        meter.CreateObservableGauge("ecurep.events.pending", outbox.PendingCount, "{event}", "Events waiting in the outbox for their sink");
        _retentionDeletions = meter.CreateCounter<long>("ecurep.retention.deletions", "{file}", "Files the retention sweep deleted, by kind");
    }

    public void RetentionDeleted(int files, int partials, int transcripts)
    {
        _retentionDeletions.Add(files, new KeyValuePair<string, object?>("kind", "delivered"));
        _retentionDeletions.Add(partials, new KeyValuePair<string, object?>("kind", "partial"));
        _retentionDeletions.Add(transcripts, new KeyValuePair<string, object?>("kind", "transcript"));
    }

    /// <summary>The files below uploads/toibm/&lt;product&gt;/.partial.</summary>
    private static int CountPartials(string dataDirectory)
    {
        var uploads = Path.Combine(dataDirectory, "uploads", "toibm");
        if (!Directory.Exists(uploads))
        {
            return 0;
        }

        var recursive = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        return Directory.EnumerateDirectories(uploads, ".partial", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = true, MaxRecursionDepth = 1 })
            .Sum(partials => Directory.EnumerateFiles(partials, "*", recursive).Count());
    }
}
