using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>
/// <c>aesN-ctr</c> with <c>hmac-sha2-*</c>. Classic mode (RFC 4253 6.4) MACs the plaintext, so the length is
/// decrypted and used before it is authenticated; <c>-etm@openssh.com</c> sends the length in clear and MACs the
/// ciphertext, which is verified before anything is decrypted.
/// </summary>
internal sealed class AesCtrHmacPacketCipher : PacketCipher
{
    private readonly AesCtr _ctr;
    private readonly IncrementalHash _mac;
    private readonly bool _encryptThenMac;
    private readonly byte[] _expectedTag;

    public AesCtrHmacPacketCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, HashAlgorithmName macHash, ReadOnlySpan<byte> macKey, bool encryptThenMac)
    {
        _ctr = new AesCtr(key, iv);
        _mac = IncrementalHash.CreateHMAC(macHash, macKey);
        _encryptThenMac = encryptThenMac;
        _expectedTag = new byte[_mac.HashLengthInBytes];
    }

    public override int BlockSize => 16;

    public override int TagLength => _expectedTag.Length;

    public override bool LengthOutsidePadding => _encryptThenMac;

    public override int LengthPrefixSize => _encryptThenMac ? 4 : 16;

    public override uint ReadLength(uint sequence, Span<byte> prefix)
    {
        if (!_encryptThenMac)
        {
            _ctr.Transform(prefix[..16]);
        }

        return BinaryPrimitives.ReadUInt32BigEndian(prefix);
    }

    public override bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        if (_encryptThenMac)
        {
            if (!MacMatches(sequence, packet, tag))
            {
                return false;
            }

            _ctr.Transform(packet[4..]);
            return true;
        }

        _ctr.Transform(packet[16..]);
        return MacMatches(sequence, packet, tag);
    }

    public override void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
        if (_encryptThenMac)
        {
            _ctr.Transform(packet[4..]);
            ComputeMac(sequence, packet, tag);
        }
        else
        {
            ComputeMac(sequence, packet, tag);
            _ctr.Transform(packet);
        }
    }

    public override void Dispose()
    {
        _ctr.Dispose();
        _mac.Dispose();
    }

    private bool MacMatches(uint sequence, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> tag)
    {
        ComputeMac(sequence, packet, _expectedTag);
        return CryptographicOperations.FixedTimeEquals(_expectedTag, tag);
    }

    private void ComputeMac(uint sequence, ReadOnlySpan<byte> packet, Span<byte> tag)
    {
        Span<byte> sequenceBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sequenceBytes, sequence);
        _mac.AppendData(sequenceBytes);
        _mac.AppendData(packet);
        _mac.GetHashAndReset(tag);
    }
}
