using System.Runtime.CompilerServices;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Ssh.Transport;

/// <summary>
/// Incoming binary packets (RFC 4253 section 6): lengths and padding checked before the packet is buffered,
/// decrypted in place in the connection's input buffer, payload handed out as a slice of it.
/// </summary>
internal sealed class PacketReader(SshInputBuffer input, int maxPacketLength) : PacketDirection, IDisposable
{
    private int _consumeBeforeNext;

    /// <summary>Runs before a read that has to wait for the connection, because the next packet is not buffered whole.</summary>
    public Func<ValueTask>? BeforeWaiting { get; set; }

    /// <summary>Disposes the cipher; the reader must not run any more.</summary>
    public void Dispose() => Cipher.Dispose();

    /// <summary>The next payload, valid until the next call.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        input.Consume(_consumeBeforeNext);
        _consumeBeforeNext = 0;
        if (BeforeWaiting is { } beforeWaiting && !HasWholePacket())
        {
            await beforeWaiting().ConfigureAwait(false);
        }

        var cipher = Cipher;
        await input.EnsureAsync(cipher.LengthPrefixSize, cancellationToken).ConfigureAwait(false);
        var length = cipher.ReadLength(Sequence, input.Peek(cipher.LengthPrefixSize).Span);
        CheckLength(cipher, length);
        var packetLength = 4 + (int)length;
        var total = packetLength + cipher.TagLength;
        await input.EnsureAsync(total, cancellationToken).ConfigureAwait(false);
        var packet = input.Peek(total);
        if (!cipher.Open(Sequence, packet.Span[..packetLength], packet.Span[packetLength..]))
        {
            throw new SshProtocolException(SshDisconnectReason.MacError, "message authentication failed");
        }

        var padding = packet.Span[4];
        if (padding < 4 || padding > length - 2)
        {
            throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"invalid padding length {padding}");
        }

        CountPacket(total);
        _consumeBeforeNext = total;
        return packet[5..(packetLength - padding)];
    }

    /// <summary>
    /// Whether the next packet is buffered whole, so <see cref="ReadAsync"/> returns it without reading the connection;
    /// false when the cipher cannot tell the length without consuming it.
    /// </summary>
    public bool HasWholePacket()
    {
        var cipher = Cipher;
        var prefix = input.PeekAt(_consumeBeforeNext, cipher.LengthPrefixSize);
        return !prefix.IsEmpty
            && cipher.TryPeekLength(Sequence, prefix, out var length)
            && length <= (uint)maxPacketLength
            && !input.PeekAt(_consumeBeforeNext, 4 + (int)length + cipher.TagLength).IsEmpty;
    }

    private void CheckLength(PacketCipher cipher, uint length)
    {
        if (length > (uint)maxPacketLength)
        {
            throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"packet length {length} exceeds the limit of {maxPacketLength}");
        }

        var padded = cipher.LengthOutsidePadding ? length : length + 4;
        if (length < 4 + 2 || padded % (uint)cipher.BlockSize != 0 || 4 + length < (uint)cipher.LengthPrefixSize)
        {
            throw new SshProtocolException(SshDisconnectReason.ProtocolError, $"packet length {length} is not a valid multiple of the block size {cipher.BlockSize}");
        }
    }
}
