using System.Runtime.InteropServices;

namespace EcurepServer.Core.Storage;

/// <summary>
/// Puts a directory's entries on disk (fsync of the directory), so a rename into it or a file created in it survives
/// a power loss. .NET cannot open a directory as a file, so this calls libc; on systems other than Linux it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;
    private const int NoSuchEntry = 2;

    /// <summary>Throws an <see cref="IOException"/> whose HResult is the errno when the directory cannot be synced.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly | CloseOnExec);
        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>
    /// Syncs <paramref name="directory"/>, or when it is gone its nearest existing parent: a folder an entry was just
    /// taken out of may be removed at once by another server sharing the data directory (its retention sweep removes
    /// empty folders), and the removal is then what must reach the disk.
    /// </summary>
    public static void FlushOrNearestParent(string directory)
    {
        for (var folder = directory; ; folder = Path.GetDirectoryName(folder)!)
        {
            try
            {
                Flush(folder);
                return;
            }
            catch (IOException e) when (e.HResult == NoSuchEntry && Path.GetDirectoryName(folder) is not null)
            {
            }
        }
    }

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of the directory {directory} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
