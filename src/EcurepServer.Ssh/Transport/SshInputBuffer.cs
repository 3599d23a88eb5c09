using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Transport;

/// <summary>
/// The bytes read from the connection and not yet consumed, in one buffer per connection: small while the connection
/// only sees small packets (key exchange, authentication, an idle session), replaced once by one of
/// <paramref name="capacity"/> bytes, the largest packet plus read-ahead, when a larger packet comes. Data handed out
/// stays valid until the next consumption. While the small buffer is empty the connection waits for data with a
/// zero-byte read and holds no buffer (the small one goes back to the pool), so an idle session costs none.
/// </summary>
internal sealed class SshInputBuffer(Stream stream, int capacity)
{
    private const int InitialCapacity = 8 * 1024;

    private readonly int _smallCapacity = Math.Min(capacity, InitialCapacity);
    private byte[] _buffer = [];
    private bool _large;
    private int _start;
    private int _end;

    public int Capacity => capacity;

    public int Count => _end - _start;

    public Memory<byte> Peek(int count) => _buffer.AsMemory(_start, count);

    /// <summary><paramref name="count"/> buffered bytes from <paramref name="offset"/> on, or an empty span when fewer are buffered.</summary>
    public ReadOnlySpan<byte> PeekAt(int offset, int count) => Count - offset >= count ? _buffer.AsSpan(_start + offset, count) : [];

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered; EndOfStreamException if the peer closes first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (count > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "more than the buffer holds");
        }

        if (Count == 0 && !_large)
        {
            await WaitForDataAsync(cancellationToken).ConfigureAwait(false);
        }

        if (count > _buffer.Length)
        {
            var larger = GC.AllocateUninitializedArray<byte>(capacity);
            Buffer.BlockCopy(_buffer, _start, larger, 0, Count);
            _end = Count;
            _start = 0;
            ReturnSmallBuffer();
            _buffer = larger;
            _large = true;
        }

        while (Count < count)
        {
            if (_buffer.Length - _start < count)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, Count);
                _end = Count;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("the client closed the connection");
            }

            _end += read;
        }
    }

    private async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        ReturnSmallBuffer();
        _start = _end = 0;
        await stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        _buffer = ArrayPool<byte>.Shared.Rent(_smallCapacity);
    }

    private void ReturnSmallBuffer()
    {
        if (!_large && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>
    /// One line ending in LF (a CR before it is dropped), read as Latin-1. A line of more than
    /// <paramref name="maxLength"/> bytes, terminator included, is a protocol error.
    /// </summary>
    public async ValueTask<string> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, Count - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline + 1;
                if (length > maxLength)
                {
                    break;
                }

                var line = _buffer.AsSpan(_start, length - 1);
                if (line.EndsWith("\r"u8))
                {
                    line = line[..^1];
                }

                var text = Encoding.Latin1.GetString(line);
                Consume(length);
                return text;
            }

            scanned = Count;
            if (scanned >= maxLength)
            {
                break;
            }

            await EnsureAsync(scanned + 1, cancellationToken).ConfigureAwait(false);
        }

        throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"a line before the identification is longer than {maxLength} bytes");
    }
}
