namespace EcurepServer.Ftp.Session;

/// <summary>
/// The clear control stream after CCC. Until the first command byte it drops whole TLS records: the client's
/// close_notify (and, under TLS 1.3, anything else it sent before it saw ours). A command line never starts with
/// a byte a TLS record starts with (content types 20-23 are control characters), so nothing of a command is lost,
/// and a client that sends no close_notify at all is served just the same.
/// </summary>
internal sealed class TlsRecordSkippingStream(Stream inner) : Stream
{
    private const int HeaderLength = 5;

    private readonly byte[] _header = new byte[HeaderLength];
    private int _headerBytes;
    private int _bodyBytesLeft;
    private bool _clear;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0 || _clear)
            {
                return read;
            }

            var kept = DropRecords(buffer.Span[..read]);
            if (kept > 0)
            {
                return kept;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static bool StartsRecord(byte value) => value is >= 20 and <= 23;

    /// <summary>Drops the record bytes at the start of <paramref name="data"/>, moves what follows to the front, returns its length.</summary>
    private int DropRecords(Span<byte> data)
    {
        var index = 0;
        while (index < data.Length)
        {
            if (_bodyBytesLeft > 0)
            {
                var skipped = Math.Min(_bodyBytesLeft, data.Length - index);
                _bodyBytesLeft -= skipped;
                index += skipped;
                continue;
            }

            if (_headerBytes == 0 && !StartsRecord(data[index]))
            {
                _clear = true;
                break;
            }

            _header[_headerBytes++] = data[index++];
            if (_headerBytes == HeaderLength)
            {
                _bodyBytesLeft = (_header[3] << 8) | _header[4];
                _headerBytes = 0;
            }
        }

        if (!_clear)
        {
            return 0;
        }

        var kept = data.Length - index;
        data[index..].CopyTo(data);
        return kept;
    }
}
