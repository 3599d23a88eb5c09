using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>
/// <c>chacha20-poly1305@openssh.com</c>: the original ChaCha20 (64-bit nonce = sequence number, 64-bit block counter)
/// keyed twice: the second half of the 64-byte key encrypts the length, the first half the rest; block 0 of the
/// main stream keys Poly1305 over the encrypted length and body. All of it is our own <see cref="ChaCha20"/> and
/// <see cref="Poly1305"/>: one pass for the tag and one XOR in place for the body, no allocation per packet (.NET's
/// RFC 8439 AEAD would spend a second Poly1305 pass on a tag that does not apply here).
/// </summary>
internal sealed class ChaCha20Poly1305PacketCipher : PacketCipher
{
    private const int Tag = 16;
    private readonly ChaCha20 _main;
    private readonly ChaCha20 _header;
    private readonly byte[] _nonce = new byte[8];
    private readonly byte[] _block = new byte[64];
    private readonly byte[] _expectedTag = new byte[Tag];

    public ChaCha20Poly1305PacketCipher(ReadOnlySpan<byte> key)
    {
        _main = new ChaCha20(key[..32]);
        _header = new ChaCha20(key[32..64]);
    }

    public override int BlockSize => 8;

    public override int TagLength => Tag;

    public override bool LengthOutsidePadding => true;

    public override uint ReadLength(uint sequence, Span<byte> prefix)
    {
        TryPeekLength(sequence, prefix, out var length);
        return length;
    }

    public override bool TryPeekLength(uint sequence, ReadOnlySpan<byte> prefix, out uint length)
    {
        LengthKey(sequence);
        length = BinaryPrimitives.ReadUInt32BigEndian(prefix) ^ BinaryPrimitives.ReadUInt32BigEndian(_block);
        return true;
    }

    public override bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        PolyKey(sequence);
        Poly1305.Compute(_block.AsSpan(0, Poly1305.KeySize), packet, _expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(_expectedTag, tag))
        {
            return false;
        }

        CryptLength(sequence, packet);
        _main.Xor(_nonce, 1, packet[4..]);
        return true;
    }

    public override void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
        CryptLength(sequence, packet);
        PolyKey(sequence);
        _main.Xor(_nonce, 1, packet[4..]);
        Poly1305.Compute(_block.AsSpan(0, Poly1305.KeySize), packet, tag);
    }

    /// <summary>XORs the packet's first four bytes with block 0 of the length stream.</summary>
    private void CryptLength(uint sequence, Span<byte> packet)
    {
        LengthKey(sequence);
        for (var i = 0; i < 4; i++)
        {
            packet[i] ^= _block[i];
        }
    }

    /// <summary>Block 0 of the length stream into _block.</summary>
    private void LengthKey(uint sequence)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_nonce, sequence);
        _header.Block(_nonce, 0, _block);
    }

    /// <summary>Block 0 of the main stream into _block; its first 32 bytes key Poly1305.</summary>
    private void PolyKey(uint sequence)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_nonce, sequence);
        _main.Block(_nonce, 0, _block);
    }
}
