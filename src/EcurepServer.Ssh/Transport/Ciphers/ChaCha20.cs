using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>
/// The original ChaCha20 (D. J. Bernstein: 64-bit block counter in words 12-13, 64-bit nonce in words 14-15) as
/// OpenSSH's chacha20-poly1305 uses it. <see cref="Xor"/> runs eight blocks at a time, one block per 32-bit lane of
/// sixteen 256-bit vectors (rotations in one instruction with AVX-512VL), and XORs the keystream into the data in
/// place with no keystream buffer; <see cref="Block"/> makes one block for the Poly1305 key and the length.
/// </summary>
internal sealed class ChaCha20
{
    private const int BlockSize = 64;
    private const int Lanes = 8;
    private readonly uint[] _key = new uint[8];

    public ChaCha20(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("ChaCha20 takes a 32-byte key.", nameof(key));
        }

        for (var i = 0; i < 8; i++)
        {
            _key[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(i * 4)..]);
        }
    }

    /// <summary>Writes keystream block <paramref name="counter"/> under <paramref name="nonce"/> (8 bytes) into <paramref name="output"/> (64 bytes).</summary>
    public void Block(ReadOnlySpan<byte> nonce, ulong counter, Span<byte> output)
    {
        uint x0 = 0x61707865, x1 = 0x3320646e, x2 = 0x79622d32, x3 = 0x6b206574;
        uint x4 = _key[0], x5 = _key[1], x6 = _key[2], x7 = _key[3], x8 = _key[4], x9 = _key[5], x10 = _key[6], x11 = _key[7];
        uint x12 = (uint)counter, x13 = (uint)(counter >> 32);
        uint x14 = BinaryPrimitives.ReadUInt32LittleEndian(nonce), x15 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]);
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(ref x0, ref x4, ref x8, ref x12);
            QuarterRound(ref x1, ref x5, ref x9, ref x13);
            QuarterRound(ref x2, ref x6, ref x10, ref x14);
            QuarterRound(ref x3, ref x7, ref x11, ref x15);
            QuarterRound(ref x0, ref x5, ref x10, ref x15);
            QuarterRound(ref x1, ref x6, ref x11, ref x12);
            QuarterRound(ref x2, ref x7, ref x8, ref x13);
            QuarterRound(ref x3, ref x4, ref x9, ref x14);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(output, x0 + 0x61707865);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], x1 + 0x3320646e);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], x2 + 0x79622d32);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], x3 + 0x6b206574);
        BinaryPrimitives.WriteUInt32LittleEndian(output[16..], x4 + _key[0]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[20..], x5 + _key[1]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[24..], x6 + _key[2]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[28..], x7 + _key[3]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[32..], x8 + _key[4]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[36..], x9 + _key[5]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[40..], x10 + _key[6]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[44..], x11 + _key[7]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[48..], x12 + (uint)counter);
        BinaryPrimitives.WriteUInt32LittleEndian(output[52..], x13 + (uint)(counter >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(output[56..], x14 + BinaryPrimitives.ReadUInt32LittleEndian(nonce));
        BinaryPrimitives.WriteUInt32LittleEndian(output[60..], x15 + BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]));
    }

    /// <summary>XORs <paramref name="data"/> in place with the keystream from block <paramref name="counter"/> under <paramref name="nonce"/> (8 bytes).</summary>
    public void Xor(ReadOnlySpan<byte> nonce, ulong counter, Span<byte> data)
    {
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
        {
            var whole = data.Length / (BlockSize * Lanes) * BlockSize * Lanes;
            XorEightBlocksAtATime(nonce, counter, data[..whole]);
            counter += (ulong)(whole / BlockSize);
            data = data[whole..];
        }

        Span<byte> block = stackalloc byte[BlockSize];
        while (!data.IsEmpty)
        {
            Block(nonce, counter++, block);
            var length = Math.Min(BlockSize, data.Length);
            for (var i = 0; i < length; i++)
            {
                data[i] ^= block[i];
            }

            data = data[length..];
        }
    }

    private void XorEightBlocksAtATime(ReadOnlySpan<byte> nonce, ulong counter, Span<byte> data)
    {
        var n0 = BinaryPrimitives.ReadUInt32LittleEndian(nonce);
        var n1 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]);
        var laneOffsets = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        ref var bytes = ref MemoryMarshal.GetReference(data);
        ref var key = ref MemoryMarshal.GetArrayDataReference(_key);

        for (var offset = 0; offset < data.Length; offset += BlockSize * Lanes, counter += Lanes)
        {
            var low = Vector256.Create((uint)counter);
            var counterLow = low + laneOffsets;
            var counterHigh = Vector256.Create((uint)(counter >> 32)) - Vector256.LessThan(counterLow, low);

            // The inputs are broadcast again for the final additions rather than held in registers through the rounds.
            var (x0, x1, x2, x3) = (Vector256.Create(0x61707865u), Vector256.Create(0x3320646eu), Vector256.Create(0x79622d32u), Vector256.Create(0x6b206574u));
            var (x4, x5, x6, x7) = (Vector256.Create(key), Vector256.Create(Unsafe.Add(ref key, 1)), Vector256.Create(Unsafe.Add(ref key, 2)), Vector256.Create(Unsafe.Add(ref key, 3)));
            var (x8, x9, x10, x11) = (Vector256.Create(Unsafe.Add(ref key, 4)), Vector256.Create(Unsafe.Add(ref key, 5)), Vector256.Create(Unsafe.Add(ref key, 6)), Vector256.Create(Unsafe.Add(ref key, 7)));
            var (x12, x13, x14, x15) = (counterLow, counterHigh, Vector256.Create(n0), Vector256.Create(n1));
            for (var round = 0; round < 10; round++)
            {
                QuarterRound(ref x0, ref x4, ref x8, ref x12);
                QuarterRound(ref x1, ref x5, ref x9, ref x13);
                QuarterRound(ref x2, ref x6, ref x10, ref x14);
                QuarterRound(ref x3, ref x7, ref x11, ref x15);
                QuarterRound(ref x0, ref x5, ref x10, ref x15);
                QuarterRound(ref x1, ref x6, ref x11, ref x12);
                QuarterRound(ref x2, ref x7, ref x8, ref x13);
                QuarterRound(ref x3, ref x4, ref x9, ref x14);
            }

            ref var chunk = ref Unsafe.Add(ref bytes, offset);
            XorTransposed(
                ref chunk,
                x0 + Vector256.Create(0x61707865u),
                x1 + Vector256.Create(0x3320646eu),
                x2 + Vector256.Create(0x79622d32u),
                x3 + Vector256.Create(0x6b206574u),
                x4 + Vector256.Create(key),
                x5 + Vector256.Create(Unsafe.Add(ref key, 1)),
                x6 + Vector256.Create(Unsafe.Add(ref key, 2)),
                x7 + Vector256.Create(Unsafe.Add(ref key, 3)));
            XorTransposed(
                ref Unsafe.Add(ref chunk, 32),
                x8 + Vector256.Create(Unsafe.Add(ref key, 4)),
                x9 + Vector256.Create(Unsafe.Add(ref key, 5)),
                x10 + Vector256.Create(Unsafe.Add(ref key, 6)),
                x11 + Vector256.Create(Unsafe.Add(ref key, 7)),
                x12 + counterLow,
                x13 + counterHigh,
                x14 + Vector256.Create(n0),
                x15 + Vector256.Create(n1));
        }
    }

    /// <summary>
    /// Eight words (rows) of eight blocks (lanes) turned into each block's eight consecutive words, XORed into the
    /// data at <paramref name="data"/> + 64 x block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorTransposed(ref byte data, Vector256<uint> a0, Vector256<uint> a1, Vector256<uint> a2, Vector256<uint> a3, Vector256<uint> a4, Vector256<uint> a5, Vector256<uint> a6, Vector256<uint> a7)
    {
        var t0 = Avx2.UnpackLow(a0, a1).AsUInt64();
        var t1 = Avx2.UnpackHigh(a0, a1).AsUInt64();
        var t2 = Avx2.UnpackLow(a2, a3).AsUInt64();
        var t3 = Avx2.UnpackHigh(a2, a3).AsUInt64();
        var t4 = Avx2.UnpackLow(a4, a5).AsUInt64();
        var t5 = Avx2.UnpackHigh(a4, a5).AsUInt64();
        var t6 = Avx2.UnpackLow(a6, a7).AsUInt64();
        var t7 = Avx2.UnpackHigh(a6, a7).AsUInt64();
        var u0 = Avx2.UnpackLow(t0, t2);
        var u1 = Avx2.UnpackHigh(t0, t2);
        var u2 = Avx2.UnpackLow(t1, t3);
        var u3 = Avx2.UnpackHigh(t1, t3);
        var u4 = Avx2.UnpackLow(t4, t6);
        var u5 = Avx2.UnpackHigh(t4, t6);
        var u6 = Avx2.UnpackLow(t5, t7);
        var u7 = Avx2.UnpackHigh(t5, t7);
        XorAt(ref data, 0, Avx2.Permute2x128(u0, u4, 0x20));
        XorAt(ref data, 1, Avx2.Permute2x128(u1, u5, 0x20));
        XorAt(ref data, 2, Avx2.Permute2x128(u2, u6, 0x20));
        XorAt(ref data, 3, Avx2.Permute2x128(u3, u7, 0x20));
        XorAt(ref data, 4, Avx2.Permute2x128(u0, u4, 0x31));
        XorAt(ref data, 5, Avx2.Permute2x128(u1, u5, 0x31));
        XorAt(ref data, 6, Avx2.Permute2x128(u2, u6, 0x31));
        XorAt(ref data, 7, Avx2.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorAt(ref byte data, int block, Vector256<ulong> keystream)
    {
        ref var target = ref Unsafe.Add(ref data, block * BlockSize);
        (Vector256.LoadUnsafe(ref target) ^ keystream.AsByte()).StoreUnsafe(ref target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d)
    {
        a += b;
        d = RotateLeft(d ^ a, 16);
        c += d;
        b = RotateLeft(b ^ c, 12);
        a += b;
        d = RotateLeft(d ^ a, 8);
        c += d;
        b = RotateLeft(b ^ c, 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateLeft(Vector256<uint> value, [ConstantExpected] byte count) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, count) : (value << count) | (value >>> (32 - count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref uint a, ref uint b, ref uint c, ref uint d)
    {
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 16);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 12);
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 8);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 7);
    }
}
