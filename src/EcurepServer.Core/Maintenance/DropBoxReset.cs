using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Transcripts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Maintenance;

/// <summary>
/// Starts the drop box afresh for the next test: deletes every delivered upload, interrupted upload (partial),
/// receipt and deletion mark (in the catalog, and the files of before it with their imported backups) and session transcript, and with <c>accounts</c> every Transfer ID; the product directories and fromibm stay.
/// Refused while uploads are in progress unless forced, which ends them first (none is delivered). Uploads in
/// progress are those of this process's drop box, those other nodes claim in the catalog, and, for a reset run from
/// another process, partial files another process holds open (the server locks each partial file while it writes it).
/// </summary>
/// <param name="claimed">The uploads every node claims in the catalog; none: only this process's and held partial files count.</param>
public sealed partial class DropBoxReset(IOptions<DropBoxOptions> options, AccountStore accounts, DropBox dropBox, IReceiptCatalog receipts, ILogger<DropBoxReset> logger,
    ClaimedUploads? claimed = null)
{
    public async Task<ResetResult> ResetAsync(bool includeAccounts, bool force, CancellationToken cancellationToken)
    {
        var layout = new StorageLayout(options.Value.DataDirectory);
        IReadOnlyList<UploadInProgress> elsewhere = claimed is null ? [] : await claimed.WithOtherNodesAsync([], cancellationToken).ConfigureAwait(false);
        int deleted;
        int transcripts;
        int ended;
        // No upload creates or fills a folder while the uploads are deleted.
        lock (dropBox.Services.FolderLock)
        {
            var inProgress = dropBox.UploadsInProgress.Concat(elsewhere).Select(upload => upload.Path)
                .Concat(HeldPartials(layout).Select(file => layout.StoredPath(file)))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (inProgress.Count > 0 && !force)
            {
                LogRefused(logger, inProgress.Count);
                return new ResetResult(true, inProgress, 0, 0, 0, 0);
            }

            ended = dropBox.EndUploadsForReset();
            deleted = DeleteUploads(layout);
            transcripts = DeleteTranscripts(new TranscriptStore(options.Value.DataDirectory));
        }

        deleted += await receipts.DeleteAllAsync(CancellationToken.None).ConfigureAwait(false);
        var removed = 0;
        if (includeAccounts)
        {
            foreach (var account in await accounts.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if ((await accounts.RemoveAsync(account.Id, cancellationToken).ConfigureAwait(false)).Succeeded)
                {
                    removed++;
                }
            }
        }

        LogReset(logger, deleted, transcripts, ended, removed);
        return new ResetResult(false, [], deleted, transcripts, ended, removed);
    }

    /// <summary>Partial files another holder has open: the server opens each with an exclusive lock while it writes it.</summary>
    private IEnumerable<string> HeldPartials(StorageLayout layout)
    {
        foreach (var (_, file) in layout.PartialFiles(options.Value.Products))
        {
            FileStream? probe = null;
            try
            {
                probe = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException) when (file.Exists)
            {
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (probe is null)
            {
                yield return file.FullName;
            }
            else
            {
                probe.Dispose();
            }
        }
    }

    private int DeleteUploads(StorageLayout layout)
    {
        var deleted = 0;
        var every = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        if (Directory.Exists(layout.UploadsRoot))
        {
            foreach (var product in Directory.EnumerateDirectories(layout.UploadsRoot))
            {
                deleted += Directory.EnumerateFiles(product, "*", every).Count();
                foreach (var entry in new DirectoryInfo(product).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
                {
                    if (entry is DirectoryInfo folder)
                    {
                        folder.Delete(recursive: true);
                    }
                    else
                    {
                        entry.Delete();
                    }
                }
            }
        }

        // The files receipts were kept in before the catalog, and their backups once imported.
        var receiptFiles = new[] { layout.ReceiptsFile, layout.DeletionsFile }
            .SelectMany(file => Directory.EnumerateFiles(layout.Root, Path.GetFileName(file) + "*"))
            .Where(file => file == layout.ReceiptsFile || file == layout.DeletionsFile || Path.GetFileName(file).Contains(CatalogStartup.BackupSuffix, StringComparison.Ordinal))
            .ToList();
        foreach (var file in receiptFiles)
        {
            if (File.Exists(file))
            {
                File.Delete(file);
                deleted++;
            }
        }

        DirectorySync.Flush(layout.Root);
        return deleted;
    }

    /// <summary>Every day folder of transcripts, with the transcripts in it; returns how many transcripts there were.</summary>
    private static int DeleteTranscripts(TranscriptStore store)
    {
        var deleted = 0;
        foreach (var day in store.Days().ToList())
        {
            deleted += TranscriptStore.Files(day).Count();
            day.Delete(recursive: true);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reset refused: {Count} uploads are in progress")]
    private static partial void LogRefused(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reset: deleted {Files} files of uploads, partial uploads, receipts and deletion marks and {Transcripts} session transcripts, ended {Ended} uploads in progress, removed {Accounts} accounts")]
    private static partial void LogReset(ILogger logger, int files, int transcripts, int ended, int accounts);
}
