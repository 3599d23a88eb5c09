using EcurepServer.Core.Receipts;
using EcurepServer.Core.Tree;

namespace EcurepServer.Core.Uploads;

/// <summary>
/// One upload in progress: a partial file of the account's, hashed while written, delivered under its final name
/// only by <see cref="CommitAsync"/>. Disposing without commit keeps the partial data aside for a resume by
/// the same account; nothing is ever delivered by disposal.
/// </summary>
public interface IUpload : IAsyncDisposable
{
    VirtualPath Path { get; }

    /// <summary>Bytes in the upload so far, including any resumed part.</summary>
    long Length { get; }

    /// <summary>Appends data. Refuses (TooLarge) past the configured maximum size.</summary>
    ValueTask<Outcome<long>> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the name the upload will be delivered under, within the same directory (SFTP RENAME of an upload
    /// that is not delivered yet, as WinSCP does with <c>name.filepart</c>). The partial data stays where it is.
    /// </summary>
    ValueTask<Outcome<VirtualPath>> RenameAsync(VirtualPath path, CancellationToken cancellationToken);

    /// <summary>
    /// Puts every byte written so far on disk (fsync), without delivering: the partial file then survives a crash
    /// of this machine, and a resume can continue from it. Returns the length now on disk.
    /// </summary>
    ValueTask<Outcome<long>> FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Flushes, renames to the final name atomically (never over an existing file) and writes the receipt. Succeeds
    /// only once the file and its receipt are on disk; if the receipt cannot be written the rename is undone, the data
    /// kept for a resume, and the refusal says why (StorageFailed, or InsufficientStorage for a full disk).
    /// </summary>
    ValueTask<Outcome<Receipt>> CommitAsync(CancellationToken cancellationToken);
}
