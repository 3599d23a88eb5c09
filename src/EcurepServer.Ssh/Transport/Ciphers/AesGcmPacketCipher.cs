using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>
/// <c>aes128-gcm@openssh.com</c> / <c>aes256-gcm@openssh.com</c> (RFC 5647 as OpenSSH does it): the length is sent
/// in clear as additional authenticated data; the 12-byte nonce is a fixed 4-byte part and a 64-bit packet counter.
/// </summary>
internal sealed class AesGcmPacketCipher : PacketCipher
{
    private const int Tag = 16;
    private readonly AesGcm _aes;
    private readonly byte[] _nonce;

    public AesGcmPacketCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        _aes = new AesGcm(key, Tag);
        _nonce = iv[..12].ToArray();
    }

    public override int BlockSize => 16;

    public override int TagLength => Tag;

    public override bool LengthOutsidePadding => true;

    public override uint ReadLength(uint sequence, Span<byte> prefix) => BinaryPrimitives.ReadUInt32BigEndian(prefix);

    public override bool TryPeekLength(uint sequence, ReadOnlySpan<byte> prefix, out uint length)
    {
        length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        return true;
    }

    public override bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        try
        {
            _aes.Decrypt(_nonce, packet[4..], tag, packet[4..], packet[..4]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        IncrementCounter();
        return true;
    }

    public override void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
        _aes.Encrypt(_nonce, packet[4..], packet[4..], tag, packet[..4]);
        IncrementCounter();
    }

    public override void Dispose() => _aes.Dispose();

    private void IncrementCounter()
    {
        var counter = _nonce.AsSpan(4, 8);
        BinaryPrimitives.WriteUInt64BigEndian(counter, BinaryPrimitives.ReadUInt64BigEndian(counter) + 1);
    }
}
