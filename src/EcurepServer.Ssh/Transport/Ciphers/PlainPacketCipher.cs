using System.Buffers.Binary;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>The <c>none</c> cipher and MAC in force until the first NEWKEYS.</summary>
internal sealed class PlainPacketCipher : PacketCipher
{
    public override int BlockSize => 8;

    public override int TagLength => 0;

    public override bool LengthOutsidePadding => false;

    public override uint ReadLength(uint sequence, Span<byte> prefix) => BinaryPrimitives.ReadUInt32BigEndian(prefix);

    public override bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag) => true;

    public override void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
    }
}
