namespace EcurepServer.Ftp.Data;

/// <summary>
/// Sits under an SslStream and reads the socket in large pieces: on its own, SslStream asks the socket for the rest
/// of one TLS record at a time (often a header-sized read, then the record), two receive calls per 16 KiB. Reads
/// are served from what was read ahead until it is used up. A zero-byte read (SslStream waiting for data) reads
/// ahead too, so waiting and reading are one receive call. Writes pass through.
/// </summary>
internal sealed class ReadAheadStream(Stream inner, int bufferBytes) : ReadWrappingStream(inner)
{
    // Allocated, not pooled: a connection disposed from another thread while a read is pending must not hand a
    // buffer the socket still writes into back to a pool.
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>Whether bytes read from the socket wait here to be read.</summary>
    public bool HasBufferedData => _end > _start;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!HasBufferedData && !_ended)
        {
            if (buffer.Length >= bufferBytes)
            {
                return Inner.Read(buffer);
            }

            _buffer ??= GC.AllocateUninitializedArray<byte>(bufferBytes);
            Filled(Inner.Read(_buffer));
        }

        return TakeBuffered(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!HasBufferedData && !_ended)
        {
            if (buffer.Length >= bufferBytes)
            {
                return await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            _buffer ??= GC.AllocateUninitializedArray<byte>(bufferBytes);
            Filled(await Inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false));
        }

        return TakeBuffered(buffer.Span);
    }

    /// <summary>Notes a read ahead of <paramref name="read"/> bytes; none means the transport ended, and every read after it answers 0.</summary>
    private void Filled(int read)
    {
        _start = 0;
        _end = read;
        _ended = read == 0;
    }

    private int TakeBuffered(Span<byte> destination)
    {
        if (!HasBufferedData)
        {
            return 0;
        }

        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }
}
