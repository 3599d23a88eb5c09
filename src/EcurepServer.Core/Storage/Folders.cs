namespace EcurepServer.Core.Storage;

/// <summary>Creating and removing the folders below the uploads; callers hold the drop box's folder lock.</summary>
internal static class Folders
{
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

    /// <summary>Removes <paramref name="folders"/> (deepest first) while they are empty; stops at the first that is not.</summary>
    public static void RemoveEmpty(IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return;
            }

            Directory.Delete(folder);
        }
    }
}
