using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Ssh.Transport;

/// <summary>Outgoing binary packets, built and sealed in one pooled buffer that grows to the largest packet sent. Not thread-safe: callers serialise.</summary>
internal sealed class PacketWriter(Stream stream) : PacketDirection, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);

    public ValueTask WriteAsync(ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        var total = Build(payload);
        return stream.WriteAsync(_buffer.AsMemory(0, total), cancellationToken);
    }

    /// <summary>Returns the buffer and disposes the cipher; nothing may be written afterwards.</summary>
    public void Dispose()
    {
        Cipher.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int Build(ReadOnlySpan<byte> payload)
    {
        var cipher = Cipher;
        var blockSize = cipher.BlockSize;
        var unpadded = (cipher.LengthOutsidePadding ? 1 : 5) + payload.Length;
        var padding = blockSize - (unpadded % blockSize);
        if (padding < 4)
        {
            padding += blockSize;
        }

        var packetLength = 5 + payload.Length + padding;
        var total = packetLength + cipher.TagLength;
        if (_buffer.Length < total)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(total);
        }

        var packet = _buffer.AsSpan(0, packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(packetLength - 4));
        packet[4] = (byte)padding;
        payload.CopyTo(packet[5..]);
        RandomNumberGenerator.Fill(packet[(5 + payload.Length)..]);
        cipher.Seal(Sequence, packet, _buffer.AsSpan(packetLength, cipher.TagLength));
        CountPacket(total);
        return total;
    }
}
