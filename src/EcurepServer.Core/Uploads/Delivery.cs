using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;

namespace EcurepServer.Core.Uploads;

/// <summary>
/// Puts one finished upload in place. The partial file is moved to its delivered name, never over an existing one;
/// then the directories whose entries changed are synced, so that once the receipt is on disk a power loss cannot
/// leave a receipt without its file or the reverse. When anything after the move fails, <see cref="Undo"/> moves the
/// file back to the partial, where a resume or a retry of the client finds it.
/// </summary>
internal sealed class Delivery(DropBoxServices services, string partialFile, string deliveredFile)
{
    /// <summary>The folders the move created for the delivered file, deepest first.</summary>
    private string[] _createdFolders = [];

    /// <summary>Moves the partial file to the delivered name; false when that name is taken (the partial stays).</summary>
    /// <exception cref="IOException">The storage failed; the partial stays.</exception>
    public bool TryMove()
    {
        lock (services.FolderLock)
        {
            if (Exists(deliveredFile))
            {
                return false;
            }

            try
            {
                // On Unix a move without overwrite is a hard link plus unlink, which fails if the name appeared meanwhile.
                _createdFolders = Folders.CreateAndUse(Path.GetDirectoryName(deliveredFile)!, () => File.Move(partialFile, deliveredFile, overwrite: false));
                return true;
            }
            catch (IOException) when (Exists(deliveredFile))
            {
                return false;
            }
        }
    }

    /// <summary>Puts the move on disk: the delivered file's folder, the parents of the folders the move created, the partial's folder.</summary>
    public void SyncDirectories()
    {
        DirectorySync.Flush(Path.GetDirectoryName(deliveredFile)!);
        foreach (var folder in _createdFolders)
        {
            DirectorySync.Flush(Path.GetDirectoryName(folder)!);
        }

        DirectorySync.FlushOrNearestParent(Path.GetDirectoryName(partialFile)!);
    }

    /// <summary>Moves the delivered file back to the partial and syncs both folders; null when done, else what failed.</summary>
    public Exception? Undo()
    {
        try
        {
            lock (services.FolderLock)
            {
                // Retention (of this server or another) may have removed the partial's folder once the move left it empty.
                Folders.CreateAndUse(Path.GetDirectoryName(partialFile)!, () => File.Move(deliveredFile, partialFile, overwrite: false));
            }

            DirectorySync.Flush(Path.GetDirectoryName(partialFile)!);
            DirectorySync.FlushOrNearestParent(Path.GetDirectoryName(deliveredFile)!);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e;
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
