using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Ssh.Transport;

/// <summary>
/// Outgoing binary packets, each built and sealed in a pooled buffer that goes back to the pool once written, so an
/// idle connection holds none. Not thread-safe: callers serialise.
/// </summary>
internal sealed class PacketWriter(Stream stream) : PacketDirection, IDisposable
{
    public ValueTask WriteAsync(ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        var (buffer, total) = Build(payload);
        return WriteAndReturnAsync(buffer, total, cancellationToken);
    }

    /// <summary>Disposes the cipher; nothing may be written afterwards.</summary>
    public void Dispose() => Cipher.Dispose();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAndReturnAsync(byte[] buffer, int total, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);

        // Only a finished write gives the buffer back: a failed or cancelled one might still be reading it.
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private (byte[] Buffer, int Total) Build(ReadOnlySpan<byte> payload)
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
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        var packet = buffer.AsSpan(0, packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(packetLength - 4));
        packet[4] = (byte)padding;
        payload.CopyTo(packet[5..]);
        RandomNumberGenerator.Fill(packet[(5 + payload.Length)..]);
        cipher.Seal(Sequence, packet, buffer.AsSpan(packetLength, cipher.TagLength));
        CountPacket(total);
        return (buffer, total);
    }
}
