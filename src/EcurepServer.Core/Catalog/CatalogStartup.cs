using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Events;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Catalog;

/// <summary>
/// Makes the catalog ready before anything reads or writes it: applies its migrations, then, once per catalog, imports
/// what a data directory written before the catalog holds (<c>receipts.jsonl</c>, <c>deletions.jsonl</c>,
/// <c>bans.json</c>) in one transaction and keeps those files as read-only backups named <c>*.imported</c>; the
/// pending and failed events of the <c>events</c> folder likewise (<see cref="EventFileImport"/>), and the
/// accounts file (<c>config/accounts.json</c>, with its keys and quotas) the same way, as an import of its own.
/// </summary>
public sealed partial class CatalogStartup(ICatalogStore store, IEventCatalog events, IOptions<DropBoxOptions> dropBox, IOptions<AccountOptions> accounts, ILogger<CatalogStartup> logger)
{
    /// <summary>The import's name in the catalog, so it happens once.</summary>
    public const string ImportSource = "data-directory-files";

    /// <summary>The accounts file's import in the catalog, so it happens once.</summary>
    public const string AccountsImportSource = "accounts-file";

    /// <summary>What an imported file is renamed to: <c>receipts.jsonl</c> becomes <c>receipts.jsonl.imported</c>.</summary>
    public const string BackupSuffix = ".imported";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                // A catalog already up to date is only read: a reader (uploads list) never waits for the write lock.
                if (!await IsUpToDateAsync(cancellationToken).ConfigureAwait(false))
                {
                    await MigrateAsync(cancellationToken).ConfigureAwait(false);
                    await ImportAsync(cancellationToken).ConfigureAwait(false);
                }

                await ImportEventsAsync(cancellationToken).ConfigureAwait(false);
                await ImportAccountsAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken) =>
        await store.SchemaVersionAsync(cancellationToken).ConfigureAwait(false) >= store.Migrations.Max(migration => migration.Version)
        && await store.IsImportedAsync(ImportSource, cancellationToken).ConfigureAwait(false);

    /// <summary>Applies the migrations not applied yet; returns them.</summary>
    public async Task<IReadOnlyList<CatalogMigration>> MigrateAsync(CancellationToken cancellationToken)
    {
        var applied = await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in applied)
        {
            LogMigrated(logger, store.Provider, store.Location, migration.Version, migration.Description);
        }

        return applied;
    }

    private async Task ImportAsync(CancellationToken cancellationToken)
    {
        var layout = new StorageLayout(dropBox.Value.DataDirectory);
        var bans = BanFile.In(layout.Root);
        string[] files = [layout.ReceiptsFile, layout.DeletionsFile, bans.Path];
        // Marked imported on the first start with a catalog even when there was nothing to import, so the receipt
        // export written later (which may be data/receipts.jsonl) is never taken for a file of an earlier release.
        if (await store.IsImportedAsync(ImportSource, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var receiptFile = new JsonLinesReceiptStore(layout.ReceiptsFile);
        using var deletionFile = new JsonLinesDeletionStore(layout.DeletionsFile);
        var receipts = new List<Receipt>();
        await foreach (var receipt in receiptFile.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            receipts.Add(receipt);
        }

        var deletions = new List<ReceiptDeletion>();
        await foreach (var deletion in deletionFile.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            deletions.Add(deletion);
        }

        var import = new CatalogImport(ImportSource, receipts, deletions, [], ReadBans(bans));
        if (await store.ImportAsync(import, cancellationToken).ConfigureAwait(false) && files.Any(File.Exists))
        {
            LogImported(logger, receipts.Count, deletions.Count, import.Bans.Count, store.Location);
        }

        foreach (var file in files.Where(File.Exists))
        {
            if (KeepAsBackup(file, UnixFileMode.UserRead | UnixFileMode.GroupRead) is { } backup)
            {
                LogKept(logger, file, backup);
            }
        }
    }

    /// <summary>
    /// Imports the accounts file once, on the first start with a catalog (marked done even without a file), and keeps
    /// it as a backup only its owner can read (it holds password hashes). A file there after the import is not read.
    /// </summary>
    private async Task ImportAccountsAsync(CancellationToken cancellationToken)
    {
        var file = accounts.Value.AccountsFile;
        if (string.IsNullOrEmpty(file))
        {
            return;
        }

        if (await store.IsImportedAsync(AccountsImportSource, cancellationToken).ConfigureAwait(false))
        {
            if (File.Exists(file))
            {
                LogAccountsFileIgnored(logger, file, store.Location);
            }

            return;
        }

        var imported = await AccountsFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
        var import = new CatalogImport(AccountsImportSource, [], [], imported, []);
        if (await store.ImportAsync(import, cancellationToken).ConfigureAwait(false) && File.Exists(file))
        {
            LogAccountsImported(logger, imported.Count, file, store.Location);
        }

        if (File.Exists(file) && KeepAsBackup(file, UnixFileMode.UserRead) is { } backup)
        {
            LogKept(logger, file, backup);
        }
    }

    private async Task ImportEventsAsync(CancellationToken cancellationToken)
    {
        var (added, backup) = await EventFileImport.RunAsync(dropBox.Value.DataDirectory, events, BackupSuffix, cancellationToken).ConfigureAwait(false);
        if (backup is not null)
        {
            LogEventsImported(logger, added, store.Location, backup);
        }
    }

    /// <summary>The bans of the file; none when it is not a bans file (it is kept as a backup all the same).</summary>
    private IReadOnlyList<Ban> ReadBans(BanFile file)
    {
        try
        {
            return file.Read();
        }
        catch (InvalidDataException e)
        {
            LogBansUnreadable(logger, e, file.Path);
            return [];
        }
    }

    /// <summary>
    /// Renames the imported file beside itself, read-only, never over an earlier backup; null when another server
    /// sharing the data directory, started at the same moment, kept it first.
    /// </summary>
    internal static string? KeepAsBackup(string file, UnixFileMode mode)
    {
        for (var n = 1; ; n++)
        {
            var backup = n == 1 ? file + BackupSuffix : $"{file}{BackupSuffix}.{n}";
            if (File.Exists(backup))
            {
                continue;
            }

            try
            {
                File.Move(file, backup);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException) when (File.Exists(backup))
            {
                continue;
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(backup, mode);
            }

            DirectorySync.Flush(Path.GetDirectoryName(backup)!);
            return backup;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog ({Provider}, {Location}): applied migration {Version}, {Description}")]
    private static partial void LogMigrated(ILogger logger, string provider, string location, int version, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Receipts} receipts, {Deletions} deletion marks and {Bans} bans into the catalog {Location}")]
    private static partial void LogImported(ILogger logger, int receipts, int deletions, int bans, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Events} pending and failed upload events into the catalog {Location}; kept the events folder as the read-only backup {Backup}")]
    private static partial void LogEventsImported(ILogger logger, int events, string location, string backup);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Accounts} Transfer IDs from {AccountsFile} into the catalog {Location}")]
    private static partial void LogAccountsImported(ILogger logger, int accounts, string accountsFile, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{AccountsFile} is not read: the Transfer IDs are in the catalog {Location} since it was imported once; change them with the users verbs or the management API, and remove the file")]
    private static partial void LogAccountsFileIgnored(ILogger logger, string accountsFile, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the bans file {BansFile}; no bans imported from it")]
    private static partial void LogBansUnreadable(ILogger logger, Exception exception, string bansFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept the imported {File} as the read-only backup {Backup}")]
    private static partial void LogKept(ILogger logger, string file, string backup);
}
