using System.Buffers.Binary;
using System.Security.Cryptography;
using EcurepServer.Ssh.Transport.Ciphers;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace EcurepServer.Benchmarks.Baseline;

/// <summary>
/// As of a764b41, for before/after figures in one run. <c>chacha20-poly1305@openssh.com</c>: the original ChaCha20 (64-bit nonce = sequence number, 64-bit block counter)
/// keyed twice: the second half of the 64-byte key encrypts the length, the first half the rest; block 0 of the
/// main stream keys Poly1305 over the encrypted length and body. .NET's RFC 8439 ChaCha20Poly1305 cannot do this as
/// a whole, but its keystream from block 1 under the nonce 0x00000000 || sequence is exactly the main stream's
/// (RFC 8439 only moves the counter's high word into the nonce, and it is zero for any packet), so where the platform
/// has it, it encrypts the body (its own tag is discarded) many times faster than BouncyCastle's ChaCha; BouncyCastle
/// still makes block 0 and the length, and the tag comes from our own <see cref="Poly1305"/> in one call per packet.
/// </summary>
internal sealed class BaselineChaCha20Poly1305PacketCipher : PacketCipher
{
    private const int Tag = 16;
    private readonly NonceResettableChaCha _main;
    private readonly NonceResettableChaCha _header;
    private readonly ChaCha20Poly1305? _body;
    private readonly byte[] _nonce = new byte[8];
    private readonly byte[] _bodyNonce = new byte[12];
    private readonly byte[] _block = new byte[64];
    private readonly byte[] _expectedTag = new byte[Tag];
    private readonly byte[] _discardedTag = new byte[Tag];

    /// <param name="useBaseLibrary">False keeps the body on BouncyCastle too (tests compare both ways).</param>
    public BaselineChaCha20Poly1305PacketCipher(ReadOnlySpan<byte> key, bool useBaseLibrary = true)
    {
        _main = new NonceResettableChaCha(key[..32]);
        _header = new NonceResettableChaCha(key[32..64]);
        _body = useBaseLibrary && ChaCha20Poly1305.IsSupported ? new ChaCha20Poly1305(key[..32]) : null;
    }

    public override int BlockSize => 8;

    public override int TagLength => Tag;

    public override bool LengthOutsidePadding => true;

    public override uint ReadLength(uint sequence, Span<byte> prefix)
    {
        Span<byte> length = stackalloc byte[4];
        Start(_header, sequence);
        _header.ProcessBytes(prefix[..4], length);
        return BinaryPrimitives.ReadUInt32BigEndian(length);
    }

    public override bool Open(uint sequence, Span<byte> packet, ReadOnlySpan<byte> tag)
    {
        StartMain(sequence);
        ScalarPoly1305.Compute(_block.AsSpan(0, ScalarPoly1305.KeySize), packet, _expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(_expectedTag, tag))
        {
            return false;
        }

        Start(_header, sequence);
        _header.ProcessBytes(packet[..4], packet[..4]);
        CryptBody(sequence, packet[4..]);
        return true;
    }

    public override void Seal(uint sequence, Span<byte> packet, Span<byte> tag)
    {
        Start(_header, sequence);
        _header.ProcessBytes(packet[..4], packet[..4]);
        StartMain(sequence);
        CryptBody(sequence, packet[4..]);
        ScalarPoly1305.Compute(_block.AsSpan(0, ScalarPoly1305.KeySize), packet, tag);
    }

    public override void Dispose() => _body?.Dispose();

    /// <summary>XORs the body with the main stream from block 1 (where <see cref="StartMain"/> left it).</summary>
    private void CryptBody(uint sequence, Span<byte> body)
    {
        if (_body is null)
        {
            _main.ProcessBytes(body, body);
            return;
        }

        BinaryPrimitives.WriteUInt64BigEndian(_bodyNonce.AsSpan(4), sequence);
        _body.Encrypt(_bodyNonce, body, body, _discardedTag);
    }

    private void Start(NonceResettableChaCha engine, uint sequence)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_nonce, sequence);
        engine.Restart(_nonce);
    }

    /// <summary>Makes the Poly1305 key (block 0 of the main stream, into the first half of _block), leaving the stream at block 1 for the payload.</summary>
    private void StartMain(uint sequence)
    {
        Start(_main, sequence);
        Array.Clear(_block);
        _main.ProcessBytes(_block, _block);
    }

    /// <summary>ChaCha20 keyed once; each packet only swaps the nonce and rewinds the counter, without re-initialising (and allocating).</summary>
    private sealed class NonceResettableChaCha : ChaChaEngine
    {
        public NonceResettableChaCha(ReadOnlySpan<byte> key) => Init(true, new ParametersWithIV(new KeyParameter(key), new byte[8]));

        public void Restart(byte[] nonce)
        {
            SetKey(null, nonce);
            Reset();
        }
    }
}
