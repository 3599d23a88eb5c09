using System.Text.Json;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Storage;

namespace EcurepServer.Core.Events;

/// <summary>
/// The outbox of a release before the catalog, one JSON file per event and sink under <c>&lt;DataDirectory&gt;/events</c>
/// (<c>pending/</c>, <c>failed/</c>, <c>delivered/</c>): its pending and failed events go into the catalog, and the
/// folder is kept as the read-only backup <c>events.imported</c>, so an upgrade loses no undelivered event. An event
/// already in the catalog is kept as it is, so an import cut short by a crash is simply run again.
/// </summary>
public static class EventFileImport
{
    public const string FolderName = "events";

    /// <summary>Imports the folder if there is one; returns how many events were added and the backup (null: nothing to import).</summary>
    public static async Task<(int Added, string? Backup)> RunAsync(string dataDirectory, IEventCatalog catalog, string backupSuffix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var root = Path.Combine(dataDirectory, FolderName);
        if (!Directory.Exists(root))
        {
            return (0, null);
        }

        try
        {
            List<OutboxEvent> events = [.. Read(root, EventState.Pending), .. Read(root, EventState.Failed)];
            var added = events.Count == 0 ? 0 : await catalog.ImportAsync(events, cancellationToken).ConfigureAwait(false);
            return (added, KeepAsBackup(root, backupSuffix));
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException && !Directory.Exists(root))
        {
            // Another node sharing the data directory imported the folder and moved it meanwhile.
            return (0, null);
        }
    }

    private static IEnumerable<OutboxEvent> Read(string root, EventState state)
    {
        var folder = Path.Combine(root, state.ToString().ToLowerInvariant());
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            OutboxEvent? read;
            try
            {
                read = OutboxEventJson.Deserialize(File.ReadAllText(file));
            }
            catch (JsonException)
            {
                // Cut short by a crash before its rename (never a .json then) or not an event: kept in the backup.
                continue;
            }

            if (EventOutbox.IsId(read.Id))
            {
                yield return read with { State = state };
            }
        }
    }

    /// <summary>Renames the folder beside itself, never over an earlier backup, its files read-only.</summary>
    private static string KeepAsBackup(string root, string backupSuffix)
    {
        var backup = root + backupSuffix;
        for (var n = 2; Directory.Exists(backup) || File.Exists(backup); n++)
        {
            backup = $"{root}{backupSuffix}.{n}";
        }

        Directory.Move(root, backup);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.EnumerateFiles(backup, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead);
            }
        }

        DirectorySync.Flush(Path.GetDirectoryName(backup)!);
        return backup;
    }
}
