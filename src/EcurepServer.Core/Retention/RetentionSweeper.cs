using System.Globalization;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Tree;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Retention;

/// <summary>
/// Deletes what is older than <c>DropBox:Retention</c> (delivered files, by their receipt's completion time) or
/// <c>DropBox:PartialRetention</c> (interrupted uploads, by their last write; <c>AnonymousPartialRetention</c> for
/// those of anonymous users, whose account keys say so). A delivered file is deleted only when the newest receipt for that file
/// matches it (same size); its receipt is then marked deleted in the catalog. Files no receipt matches are never
/// deleted, only reported once. Folders that end up empty are removed. Session transcripts are deleted once last
/// written more than <c>Transcripts:Retention</c> ago (by default the upload retention). One sweep at a time across
/// every node: a sweep runs only while its node holds the catalog's retention lock, and is skipped when another has it.
/// </summary>
public sealed class RetentionSweeper
{
    private readonly DropBoxServices _services;
    private readonly IReceiptCatalog _receipts;
    private readonly ICatalogLocks? _locks;
    private readonly CatalogNode _node;
    private readonly CatalogOptions _catalog;
    private readonly TranscriptOptions _transcripts;
    private readonly TranscriptStore _transcriptStore;
    private readonly ILogger _logger;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <param name="locks">The catalog's locks, so one node sweeps at a time; none: this process is the only node.</param>
    public RetentionSweeper(DropBox dropBox, IReceiptCatalog receipts, ILogger<RetentionSweeper> logger, IOptions<TranscriptOptions>? transcripts = null,
        ICatalogLocks? locks = null, CatalogNode? node = null, IOptions<CatalogOptions>? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(dropBox);
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(logger);
        _services = dropBox.Services;
        _receipts = receipts;
        _locks = locks;
        _node = node ?? new CatalogNode();
        _catalog = catalog?.Value ?? new CatalogOptions();
        _transcripts = transcripts?.Value ?? new TranscriptOptions();
        _transcriptStore = new TranscriptStore(_services.Options.DataDirectory);
        _logger = logger;
    }

    public TimeSpan Interval => _services.Options.RetentionSweepInterval;

    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var now = _services.Time.GetUtcNow();
        if (_locks is not null && !await _locks.TryAcquireAsync(CatalogLockNames.Retention, _node.Id, now, now + _catalog.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            RetentionLog.SweepingElsewhere(_logger);
            return new RetentionSweep(0, 0, 0, 0);
        }

        using var renewal = new CancellationTokenSource();
        using var lockLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = _locks is null ? Task.CompletedTask : RenewLockAsync(_locks, lockLost, renewal.Token);
        try
        {
            return await SweepHoldingLockAsync(now, lockLost.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lockLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Another node may hold the lock by now; it sweeps what this one left.
            RetentionLog.LockLost(_logger);
            return new RetentionSweep(0, 0, 0, 0);
        }
        finally
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
            if (_locks is not null)
            {
                await _locks.ReleaseAsync(CatalogLockNames.Retention, _node.Id, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Keeps the retention lock while a long sweep runs, so no other node starts one meanwhile; when a renewal fails
    /// (the lease ran out and another node took it, or the catalog cannot be reached) the sweep stops at its next file.
    /// </summary>
    private async Task RenewLockAsync(ICatalogLocks locks, CancellationTokenSource lockLost, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_catalog.LeaseRenewInterval, _services.Time, cancellationToken).ConfigureAwait(false);
                var now = _services.Time.GetUtcNow();
                if (!await locks.TryAcquireAsync(CatalogLockNames.Retention, _node.Id, now, now + _catalog.LeaseDuration, cancellationToken).ConfigureAwait(false))
                {
                    await lockLost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or System.Data.Common.DbException or TimeoutException)
        {
            RetentionLog.RenewFailed(_logger, e);
            await lockLost.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<RetentionSweep> SweepHoldingLockAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - _services.Options.Retention;
        var entries = new List<(ReceiptEntry Entry, string? File)>();
        await foreach (var entry in _receipts.QueryAsync(new UploadQuery(), cancellationToken).ConfigureAwait(false))
        {
            entries.Add((entry, DiskFile(entry.Receipt)));
        }

        // Receipts are appended in delivery order, and a file is delivered again only once it is gone.
        var newest = new Dictionary<string, ReceiptEntry>(StringComparer.Ordinal);
        foreach (var (entry, file) in entries)
        {
            if (file is not null)
            {
                newest[file] = entry;
            }
        }

        var sweep = new RetentionSweep(0, 0, 0, 0);
        foreach (var (entry, file) in entries)
        {
            if (!entry.IsDeleted && entry.Receipt.CompletedUtc < cutoff)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sweep = file is null
                    ? LeaveAlone(entry.Receipt.Path, "its receipt does not name a file under /toibm/<product>", sweep)
                    : await ExpireAsync(entry, file, ReferenceEquals(newest[file], entry), now, sweep).ConfigureAwait(false);
            }
        }

        var live = entries.Where(e => !e.Entry.IsDeleted && e.File is not null).Select(e => e.File!).ToHashSet(StringComparer.Ordinal);
        sweep = await ScanDiskAsync(live, now, sweep, cancellationToken).ConfigureAwait(false);
        await PurgeDeletedReceiptsAsync(now, cancellationToken).ConfigureAwait(false);
        return ExpireTranscripts(now, sweep, cancellationToken);
    }

    /// <summary>Removes the receipts whose uploads were deleted longer than <c>DropBox:DeletedReceiptRetention</c> ago, so the catalog stops growing.</summary>
    private async Task PurgeDeletedReceiptsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - _services.Options.DeletedReceiptRetention;
        var purged = await _receipts.PurgeDeletedAsync(before, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            RetentionLog.PurgedReceipts(_logger, purged, before);
        }
    }

    /// <summary>
    /// Deletes transcripts last written before the transcript retention, and day folders left empty once no session
    /// that began on that day can still be running (a day before yesterday).
    /// </summary>
    private RetentionSweep ExpireTranscripts(DateTimeOffset now, RetentionSweep sweep, CancellationToken cancellationToken)
    {
        var cutoff = now - _transcripts.RetentionOr(_services.Options.Retention);
        var yesterday = now.UtcDateTime.Date.AddDays(-1);
        foreach (var day in _transcriptStore.Days())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in TranscriptStore.Files(day))
            {
                var lastWrite = new DateTimeOffset(file.LastWriteTimeUtc);
                if (lastWrite < cutoff && TryDeleteTranscript(file.FullName))
                {
                    TranscriptLog.Deleted(_logger, file.FullName, lastWrite);
                    sweep = sweep with { DeletedTranscripts = sweep.DeletedTranscripts + 1 };
                }
            }

            if (DateTime.ParseExact(day.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture) < yesterday)
            {
                RemoveIfEmpty(day);
            }
        }

        return sweep;
    }

    private bool TryDeleteTranscript(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TranscriptLog.DeleteFailed(_logger, e, file);
            return false;
        }
    }

    private async Task<RetentionSweep> ExpireAsync(ReceiptEntry entry, string file, bool isNewest, DateTimeOffset now, RetentionSweep sweep)
    {
        var receipt = entry.Receipt;
        var info = new FileInfo(file);
        if (isNewest && info.Exists && info.Length == receipt.Size)
        {
            if (!TryDelete(file))
            {
                return sweep;
            }

            RetentionLog.DeletedFile(_logger, receipt.Path, file, receipt.Size, entry.Route.ToString(), receipt.Account, receipt.Site, receipt.CompletedUtc);
            await MarkAsync(receipt, now, alreadyGone: false, file).ConfigureAwait(false);
            return sweep with { DeletedFiles = sweep.DeletedFiles + 1 };
        }

        if (isNewest && info.Exists)
        {
            return LeaveAlone(file, $"its size ({info.Length} bytes) differs from its receipt's ({receipt.Size} bytes)", sweep);
        }

        // Gone already, or the file now holds a later delivery with a receipt of its own.
        RetentionLog.MarkedGone(_logger, receipt.Path, entry.Route.ToString(), receipt.Account, receipt.Site);
        await MarkAsync(receipt, now, alreadyGone: true, file).ConfigureAwait(false);
        return sweep with { MarkedGone = sweep.MarkedGone + 1 };
    }

    /// <summary>
    /// Reports delivered files without a live receipt (in account folders, and directly in a product directory as
    /// before accounts had folders), deletes expired interrupted uploads and removes folders left empty.
    /// </summary>
    private async Task<RetentionSweep> ScanDiskAsync(HashSet<string> live, DateTimeOffset now, RetentionSweep sweep, CancellationToken cancellationToken)
    {
        var cutoff = now - _services.Options.Retention;
        var uploads = new DirectoryInfo(_services.Layout.UploadsRoot);
        if (!uploads.Exists)
        {
            return sweep;
        }

        foreach (var product in uploads.EnumerateDirectories().Where(d => !d.Name.StartsWith('.')))
        {
            cancellationToken.ThrowIfCancellationRequested();
            sweep = ReportUnreceipted(product.EnumerateFiles(), live, cutoff, sweep);
            foreach (var folder in product.EnumerateDirectories())
            {
                if (!folder.Name.StartsWith('.'))
                {
                    sweep = ReportUnreceipted(Files(folder), live, cutoff, sweep);
                    RemoveIfEmpty(folder);
                }
            }

            var partials = new DirectoryInfo(Path.Combine(product.FullName, StorageLayout.PartialFolder));
            foreach (var folder in partials.Exists ? partials.EnumerateDirectories() : [])
            {
                var partialCutoff = now - _services.Options.PartialRetentionFor(AccountKey.IsAnonymous(folder.Name));
                sweep = await ExpirePartialsAsync(folder, partialCutoff, sweep, cancellationToken).ConfigureAwait(false);
                RemoveIfEmpty(folder);
            }
        }

        return sweep;
    }

    private RetentionSweep ReportUnreceipted(IEnumerable<FileInfo> files, HashSet<string> live, DateTimeOffset cutoff, RetentionSweep sweep)
    {
        foreach (var file in files)
        {
            if (file.LastWriteTimeUtc < cutoff && !live.Contains(file.FullName))
            {
                sweep = LeaveAlone(file.FullName, "no receipt names it", sweep);
            }
        }

        return sweep;
    }

    private async Task<RetentionSweep> ExpirePartialsAsync(DirectoryInfo folder, DateTimeOffset cutoff, RetentionSweep sweep, CancellationToken cancellationToken)
    {
        foreach (var partial in Files(folder))
        {
            var lastWrite = new DateTimeOffset(partial.LastWriteTimeUtc);
            if (lastWrite < cutoff && !await _services.Registry.IsClaimedAsync(partial.FullName, cancellationToken).ConfigureAwait(false) && TryDelete(partial.FullName))
            {
                RetentionLog.DeletedPartial(_logger, partial.FullName, partial.Length, lastWrite);
                sweep = sweep with { DeletedPartials = sweep.DeletedPartials + 1 };
            }
        }

        return sweep;
    }

    /// <summary>The folder's files; none when an upload that got no bytes removed the folder meanwhile.</summary>
    private static FileInfo[] Files(DirectoryInfo folder)
    {
        try
        {
            return [.. folder.EnumerateFiles("*", new EnumerationOptions { AttributesToSkip = 0 })];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>Removes an account's empty folder, under the lock that keeps a delivery or a new partial from using it meanwhile.</summary>
    private void RemoveIfEmpty(DirectoryInfo folder)
    {
        try
        {
            lock (_services.FolderLock)
            {
                Folders.RemoveEmpty([folder.FullName]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RetentionLog.DeleteFailed(_logger, e, folder.FullName);
        }
    }

    /// <summary>
    /// The disk file behind a receipt: its stored path, or for a receipt older than account folders
    /// <c>/toibm/&lt;product&gt;/&lt;name&gt;</c> directly in the product directory; null for anything else, so a bad
    /// line cannot reach outside the uploads.
    /// </summary>
    private string? DiskFile(Receipt receipt)
    {
        var parsed = PathResolver.Parse(receipt.Path);
        if (!parsed.Succeeded || parsed.Value.Segments is not [TreeNames.ToIbm, var product, var name])
        {
            return null;
        }

        return receipt.StoredPath is { } stored
            ? _services.Layout.DeliveredFileOf(stored, product, name)
            : _services.Layout.LegacyDeliveredFile(product, name);
    }

    private RetentionSweep LeaveAlone(string file, string reason, RetentionSweep sweep)
    {
        if (_reported.Add(file))
        {
            RetentionLog.LeftAlone(_logger, file, reason);
        }

        return sweep with { LeftAlone = sweep.LeftAlone + 1 };
    }

    private bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RetentionLog.DeleteFailed(_logger, e, file);
            return false;
        }
    }

    private async Task MarkAsync(Receipt receipt, DateTimeOffset now, bool alreadyGone, string file)
    {
        try
        {
            // The file is gone now; its mark must be written even when the sweep is being cancelled.
            await _receipts.MarkDeletedAsync(ReceiptDeletion.Of(receipt, now, alreadyGone), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            RetentionLog.MarkFailed(_logger, e, file);
        }
    }
}
