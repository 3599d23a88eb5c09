namespace EcurepServer.Core.Storage;

/// <summary>Creating and removing the folders below the uploads; callers hold the drop box's folder lock.</summary>
internal static class Folders
{
    /// <summary>How often a folder removed under an entry about to be made is created again before the failure stands.</summary>
    private const int MaxAttempts = 5;

    /// <summary>Creates the missing folders of <paramref name="directory"/> and returns those it created, deepest first.</summary>
    public static string[] Create(string directory)
    {
        var missing = new List<string>();
        for (var folder = directory; folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing.Add(folder);
        }

        Directory.CreateDirectory(directory);
        return [.. missing];
    }

    /// <summary>
    /// Creates the missing folders of <paramref name="directory"/> and runs <paramref name="use"/>, which puts an entry
    /// there; returns the folders it created, deepest first. The folder lock is this process's own: when another server
    /// sharing the data directory removed a folder it found empty meanwhile (its retention sweep), the folders are
    /// created again and <paramref name="use"/> retried.
    /// </summary>
    public static string[] CreateAndUse(string directory, Action use)
    {
        var created = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            created.AddRange(Create(directory).Except(created));
            try
            {
                use();
                return [.. created.OrderByDescending(folder => folder.Length)];
            }
            catch (IOException) when (attempt < MaxAttempts && !Directory.Exists(directory))
            {
            }
        }
    }

    /// <summary>Removes <paramref name="folders"/> (deepest first) while they are empty; stops at the first that is not.</summary>
    public static void RemoveEmpty(IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return;
            }

            try
            {
                Directory.Delete(folder);
            }
            catch (DirectoryNotFoundException)
            {
                // Another server sharing the data directory removed it meanwhile; its parent may be empty too.
            }
            catch (IOException) when (Directory.EnumerateFileSystemEntries(folder).Any())
            {
                // Another server sharing the data directory put an entry there meanwhile.
                return;
            }
        }
    }
}
