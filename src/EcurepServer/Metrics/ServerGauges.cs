using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EcurepServer.Core.Events;
using EcurepServer.Core.Metrics;
using EcurepServer.Settings;
using EcurepServer.Sftp;
using EcurepServer.Ssh;

namespace EcurepServer.Metrics;

/// <summary>
/// The server-wide instruments read at each scrape: free bytes on the data volume, interrupted uploads (partial
/// files) on disk, events waiting in the outbox, SFTP write-ahead and SSH channel-window bytes; and the retention
/// sweep's deletions as they happen.
/// </summary>
public sealed class ServerGauges
{
    private readonly Counter<long> _retentionDeletions;

    private readonly ConcurrentDictionary<string, SshServer> _sshServers = new(StringComparer.Ordinal);

    public ServerGauges(IMeterFactory meterFactory, AppPaths paths, EventOutbox outbox, SftpSubsystem sftp)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(outbox);
        var meter = meterFactory.Create(DropBoxMetrics.MeterName);
        meter.CreateObservableGauge("ecurep.data.free", () => new DriveInfo(paths.DataDirectory).AvailableFreeSpace, "By", "Free bytes on the data directory's volume");
        meter.CreateObservableGauge("ecurep.partials", () => CountPartials(paths.DataDirectory), "{file}", "Interrupted uploads kept for a resume");
        meter.CreateObservableGauge("ecurep.events.pending", () => PendingEvents(outbox), "{event}", "Events waiting in the outbox (of all nodes) for their sink");
        meter.CreateObservableGauge("ecurep.sftp.writeahead.held", () => sftp.WriteAheadBytesHeld, "By", "Out-of-order SFTP write data held, all sessions");
        meter.CreateObservableGauge("ecurep.ssh.window.reserved", WindowBytes, "By", "SSH channel window granted and not yet consumed, by site");
        _retentionDeletions = meter.CreateCounter<long>("ecurep.retention.deletions", "{file}", "Files the retention sweep deleted, by kind");
    }

    /// <summary>A site's SSH listener, whose channel-window budget is read at each scrape.</summary>
    public void AddSshServer(string site, SshServer server) => _sshServers[site] = server;

    public void RemoveSshServer(string site) => _sshServers.TryRemove(site, out _);

    public void RetentionDeleted(int files, int partials, int transcripts)
    {
        _retentionDeletions.Add(files, new KeyValuePair<string, object?>("kind", "delivered"));
        _retentionDeletions.Add(partials, new KeyValuePair<string, object?>("kind", "partial"));
        _retentionDeletions.Add(transcripts, new KeyValuePair<string, object?>("kind", "transcript"));
    }

    private IEnumerable<Measurement<long>> WindowBytes() =>
        _sshServers.Select(site => new Measurement<long>(site.Value.ChannelWindowBytesReserved, new KeyValuePair<string, object?>("site", site.Key), new KeyValuePair<string, object?>("protocol", "sftp")));

    /// <summary>The outbox's pending events; no measurement while the catalog cannot answer (the scrape goes on).</summary>
    private static IEnumerable<Measurement<long>> PendingEvents(EventOutbox outbox)
    {
        long pending;
        try
        {
            pending = outbox.PendingCountAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or TimeoutException)
        {
            return [];
        }

        return [new Measurement<long>(pending)];
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
