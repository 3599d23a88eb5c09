using System.Buffers;
using EcurepServer.Core;
using EcurepServer.Core.Uploads;

namespace EcurepServer.Ftp.Data;

/// <summary>What one chunk's write did: the upload's length before and after it, or the refusal that ended it.</summary>
internal readonly record struct WrittenChunk(long Before, long After, Refusal? Refusal);

/// <summary>
/// Writes an upload's chunks on the thread pool, one at a time, from two buffers: while one chunk is hashed and
/// written, the next is received and decrypted into the other buffer. Serialized, an FTPS upload kept one core busy
/// while the other idled; overlapped, each stage runs on its own core. At most one write is in flight, so an upload
/// holds two buffers and no more.
/// </summary>
internal sealed class ChunkWriter(IUpload upload, int bufferBytes) : IAsyncDisposable
{
    private readonly byte[][] _buffers = [ArrayPool<byte>.Shared.Rent(bufferBytes), ArrayPool<byte>.Shared.Rent(bufferBytes)];
    private int _free;
    private Task<Outcome<long>>? _writing;
    private long _before;

    /// <summary>The buffer to receive the next chunk into: never the one being written.</summary>
    public Memory<byte> FreeBuffer => _buffers[_free].AsMemory(0, bufferBytes);

    /// <summary>Starts writing the first <paramref name="count"/> bytes of <see cref="FreeBuffer"/>; the previous write must be finished.</summary>
    public void Start(int count, CancellationToken cancellationToken)
    {
        if (_writing is not null)
        {
            throw new InvalidOperationException("The previous chunk's write has not been finished.");
        }

        var chunk = FreeBuffer[..count];
        _before = upload.Length;
        _writing = Task.Run(() => upload.WriteAsync(chunk, cancellationToken).AsTask(), CancellationToken.None);
        _free ^= 1;
    }

    /// <summary>Waits for the write in flight; null when there is none. A cancelled or failed write throws here.</summary>
    public async ValueTask<WrittenChunk?> FinishAsync()
    {
        if (_writing is not { } writing)
        {
            return null;
        }

        _writing = null;
        var written = await writing.ConfigureAwait(false);
        return new WrittenChunk(_before, upload.Length, written.Succeeded ? null : written.Refusal);
    }

    /// <summary>Waits for a write still in flight (its outcome no longer matters) before the buffers go back to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_writing is { } writing)
            {
                _writing = null;
                await writing.ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The upload already ended for another reason; this write's failure adds nothing.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffers[0]);
            ArrayPool<byte>.Shared.Return(_buffers[1]);
        }
    }
}
