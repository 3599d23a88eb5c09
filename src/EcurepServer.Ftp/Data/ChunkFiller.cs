namespace EcurepServer.Ftp.Data;

/// <summary>What one <see cref="ChunkFiller.FillAsync"/> got: the bytes in the buffer, and whether the stream ended or failed after them.</summary>
internal readonly record struct FilledChunk(int Count, bool Ended, Exception? Failure);

/// <summary>
/// Fills an upload buffer from the data stream with as many reads as the data already received allows (a TLS stream
/// hands out one 16 KiB record or less per read), so the file, the hash and the per-chunk bookkeeping see few large
/// pieces while a client sends fast: a chunk as large as the file's write buffer goes to the file without a copy. It
/// never waits for more data once it has some, so a client that sends a little and waits for the reply gets it.
/// </summary>
internal static class ChunkFiller
{
    /// <summary>
    /// Waits for data, then reads on while <paramref name="moreWaiting"/> says more has been received, until
    /// <paramref name="buffer"/> is full or the stream ends, calling <paramref name="afterRead"/> with each read's size
    /// (pacing, stall detection). A failure is returned with the bytes that arrived before it (perhaps none), so they
    /// can be kept, and the chunk before them finished, before the failure is handled.
    /// </summary>
    public static async ValueTask<FilledChunk> FillAsync(
        Stream stream, Memory<byte> buffer, Func<bool> moreWaiting, Func<int, ValueTask> afterRead, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length && (filled == 0 || moreWaiting()))
        {
            try
            {
                var read = await stream.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new FilledChunk(filled, true, null);
                }

                filled += read;
                await afterRead(read).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return new FilledChunk(filled, false, e);
            }
        }

        return new FilledChunk(filled, false, null);
    }
}
