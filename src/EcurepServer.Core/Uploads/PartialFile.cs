using System.Buffers;
using System.Security.Cryptography;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Storage;

namespace EcurepServer.Core.Uploads;

/// <summary>
/// The file an upload writes before it is delivered: <c>.partial/&lt;account key&gt;/&lt;name&gt;</c> below its product
/// directory. It is created together with its missing folders under <see cref="DropBoxServices.FolderLock"/>, so a
/// cleanup never removes a folder an upload is about to use, and remembers what it created so that an upload that got
/// no byte can remove exactly that again.
/// </summary>
internal sealed class PartialFile
{
    /// <summary>Writes reach the file in pieces this large: few system calls per GiB, one buffer per open upload.</summary>
    private const int BufferSize = 256 * 1024;

    private readonly DropBoxServices _services;

    /// <summary>The folders opening created, deepest first.</summary>
    private readonly string[] _createdFolders;

    private PartialFile(DropBoxServices services, string path, bool newFile, string[] createdFolders)
    {
        _services = services;
        FilePath = path;
        IsNew = newFile;
        _createdFolders = createdFolders;
    }

    public string FilePath { get; }

    /// <summary>True when this upload created the file (rather than resuming one that was there).</summary>
    public bool IsNew { get; }

    /// <summary>
    /// Opens the partial file for writing: created empty, or with its first <paramref name="keep"/> bytes kept and
    /// read into <paramref name="hash"/>, so the hash covers the whole file.
    /// </summary>
    public static async ValueTask<(PartialFile Partial, FileStream Stream)> OpenAsync(DropBoxServices services, string path, long keep, IncrementalHash hash, CancellationToken cancellationToken)
    {
        PartialFile partial;
        FileStream stream;
        lock (services.FolderLock)
        {
            var newFile = !File.Exists(path);
            FileStream? opened = null;
            var created = Folders.CreateAndUse(Path.GetDirectoryName(path)!, () => opened = new FileStream(path, new FileStreamOptions
            {
                Mode = keep > 0 ? FileMode.Open : FileMode.Create,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                BufferSize = BufferSize,
            }));
            stream = opened!;
            partial = new PartialFile(services, path, newFile, created);
        }

        try
        {
            if (keep > 0)
            {
                stream.SetLength(keep);
                await HashExistingAsync(stream, hash, keep, cancellationToken).ConfigureAwait(false);
            }

            return (partial, stream);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Deletes the (empty) file and the folders this upload created for it, unless another upload has put something
    /// there meanwhile.
    /// </summary>
    public void RemoveCreated()
    {
        lock (_services.FolderLock)
        {
            File.Delete(FilePath);
            Folders.RemoveEmpty(_createdFolders);
        }
    }

    /// <summary>Reads back the kept part of a partial so the hash covers the whole file.</summary>
    private static async ValueTask HashExistingAsync(FileStream stream, IncrementalHash hash, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            stream.Position = 0;
            var remaining = length;
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"{stream.Name} ended before byte {length}.");
                }

                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
