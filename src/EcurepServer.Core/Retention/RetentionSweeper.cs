using EcurepServer.Core.Receipts;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Tree;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Retention;

/// <summary>
/// Deletes what is older than <c>DropBox:Retention</c>: delivered files by their receipt's completion time, and
/// interrupted uploads by their last write. A delivered file is deleted only when the newest receipt for its name
/// matches it (same size); a deletion is then marked in <c>deletions.jsonl</c>. Files no receipt matches are never
/// deleted, only reported once. One sweep at a time: the hosted service is the only caller.
/// </summary>
public sealed class RetentionSweeper
{
    private readonly DropBoxServices _services;
    private readonly JsonLinesDeletionStore _deletions;
    private readonly ILogger _logger;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public RetentionSweeper(DropBox dropBox, JsonLinesDeletionStore deletions, ILogger<RetentionSweeper> logger)
    {
        ArgumentNullException.ThrowIfNull(dropBox);
        ArgumentNullException.ThrowIfNull(deletions);
        ArgumentNullException.ThrowIfNull(logger);
        _services = dropBox.Services;
        _deletions = deletions;
        _logger = logger;
    }

    public TimeSpan Interval => _services.Options.RetentionSweepInterval;

    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var now = _services.Time.GetUtcNow();
        var cutoff = now - _services.Options.Retention;
        var entries = await ReceiptEntry.ReadAllAsync(_services.Receipts, _deletions, cancellationToken).ConfigureAwait(false);

        // Receipts are appended in delivery order, and a name is delivered again only once its file is gone.
        var newest = new Dictionary<string, ReceiptEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            newest[entry.Receipt.Path] = entry;
        }

        var sweep = new RetentionSweep(0, 0, 0, 0);
        foreach (var entry in entries)
        {
            if (!entry.IsDeleted && entry.Receipt.CompletedUtc < cutoff)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sweep = await ExpireAsync(entry, ReferenceEquals(newest[entry.Receipt.Path], entry), now, sweep).ConfigureAwait(false);
            }
        }

        var live = entries.Where(e => !e.IsDeleted).Select(e => e.Receipt.Path).ToHashSet(StringComparer.Ordinal);
        return ScanDisk(live, cutoff, sweep, cancellationToken);
    }

    private async Task<RetentionSweep> ExpireAsync(ReceiptEntry entry, bool isNewest, DateTimeOffset now, RetentionSweep sweep)
    {
        var receipt = entry.Receipt;
        var file = DiskFile(receipt.Path);
        if (file is null)
        {
            return LeaveAlone(receipt.Path, "its receipt does not name a file under /toibm/<product>", sweep);
        }

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

        // Gone already, or the name now holds a later delivery with a receipt of its own.
        RetentionLog.MarkedGone(_logger, receipt.Path, entry.Route.ToString(), receipt.Account, receipt.Site);
        await MarkAsync(receipt, now, alreadyGone: true, file).ConfigureAwait(false);
        return sweep with { MarkedGone = sweep.MarkedGone + 1 };
    }

    /// <summary>Reports delivered files without a live receipt and deletes expired interrupted uploads.</summary>
    private RetentionSweep ScanDisk(HashSet<string> live, DateTimeOffset cutoff, RetentionSweep sweep, CancellationToken cancellationToken)
    {
        var uploads = new DirectoryInfo(_services.Layout.UploadsRoot);
        if (!uploads.Exists)
        {
            return sweep;
        }

        foreach (var product in uploads.EnumerateDirectories().Where(d => !d.Name.StartsWith('.')))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in product.EnumerateFiles())
            {
                if (file.LastWriteTimeUtc < cutoff && !live.Contains($"/{TreeNames.ToIbm}/{product.Name}/{file.Name}"))
                {
                    sweep = LeaveAlone(file.FullName, "no receipt names it", sweep);
                }
            }

            var partials = new DirectoryInfo(Path.Combine(product.FullName, StorageLayout.PartialFolder));
            if (!partials.Exists)
            {
                continue;
            }

            // An upload that got no bytes removes the partial folders it created, possibly while this sweep runs.
            var enumeration = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            IEnumerable<FileInfo> files;
            try
            {
                files = [.. partials.EnumerateFiles("*", enumeration)];
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            foreach (var partial in files)
            {
                var lastWrite = new DateTimeOffset(partial.LastWriteTimeUtc);
                if (lastWrite < cutoff
                    && !_services.Registry.IsActive(_services.Layout.DeliveredFile(product.Name, partial.Name))
                    && TryDelete(partial.FullName))
                {
                    RetentionLog.DeletedPartial(_logger, partial.FullName, partial.Length, lastWrite);
                    sweep = sweep with { DeletedPartials = sweep.DeletedPartials + 1 };
                }
            }
        }

        return sweep;
    }

    /// <summary>The disk file behind a receipt's /toibm/&lt;product&gt;/&lt;name&gt;; null for any other path, so a bad line cannot reach outside the uploads.</summary>
    private string? DiskFile(string receiptPath)
    {
        var parsed = PathResolver.Parse(receiptPath);
        if (!parsed.Succeeded || parsed.Value.Segments is not [TreeNames.ToIbm, var product, var name])
        {
            return null;
        }

        return _services.Layout.DeliveredFile(product, name);
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
            await _deletions.AppendAsync(ReceiptDeletion.Of(receipt, now, alreadyGone), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RetentionLog.MarkFailed(_logger, e, file);
        }
    }
}
