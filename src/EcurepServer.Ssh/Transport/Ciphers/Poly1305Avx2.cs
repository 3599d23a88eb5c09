using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EcurepServer.Ssh.Transport.Ciphers;

/// <summary>
/// The bulk of a long Poly1305 message four blocks at a time with AVX2: four accumulators in 26-bit limbs, one per
/// 64-bit lane, each multiplied by r^4 per 64 bytes (32 x 32 -> 64-bit multiplications, 25 per 64 bytes), folded at
/// the end with r^4, r^3, r^2 and r. The scalar code takes over for the remaining blocks and the tag.
/// Constant time like the scalar code.
/// </summary>
internal static class Poly1305Avx2
{
    /// <summary>Below this length the powers of r cost more than the four lanes save.</summary>
    public const int MinimumLength = 256;

    private const ulong Mask26 = 0x3ffffff;
    private const ulong Mask44 = 0xfffffffffff;

    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>
    /// Runs h over the whole 64-byte chunks of <paramref name="message"/> from h = 0 and returns how many bytes it
    /// took, with h in the scalar code's 44/44/42-bit limbs (partially reduced).
    /// </summary>
    public static int Blocks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, out ulong h0, out ulong h1, out ulong h2)
    {
        var r1 = Element.FromKey(key);
        var r2 = r1.Multiply(r1);
        var r3 = r2.Multiply(r1);
        var r4 = r2.Multiply(r2);
        var chunks = message.Length / 64;
        ref var start = ref MemoryMarshal.GetReference(message);

        var (a0, a1, a2, a3, a4) = Load(ref start);
        var (k0, k1, k2, k3, k4) = (Vector256.Create(r4.L0), Vector256.Create(r4.L1), Vector256.Create(r4.L2), Vector256.Create(r4.L3), Vector256.Create(r4.L4));
        var (s1, s2, s3, s4) = (Times5(k1), Times5(k2), Times5(k3), Times5(k4));
        for (var chunk = 1; chunk < chunks; chunk++)
        {
            MultiplyAndCarry(ref a0, ref a1, ref a2, ref a3, ref a4, k0, k1, k2, k3, k4, s1, s2, s3, s4);
            var (m0, m1, m2, m3, m4) = Load(ref Unsafe.Add(ref start, chunk * 64));
            a0 += m0;
            a1 += m1;
            a2 += m2;
            a3 += m3;
            a4 += m4;
        }

        // The lanes hold blocks 0, 2, 1, 3 of each chunk (see Load), so they take r^4, r^2, r^3, r.
        k0 = Vector256.Create(r4.L0, r2.L0, r3.L0, r1.L0);
        k1 = Vector256.Create(r4.L1, r2.L1, r3.L1, r1.L1);
        k2 = Vector256.Create(r4.L2, r2.L2, r3.L2, r1.L2);
        k3 = Vector256.Create(r4.L3, r2.L3, r3.L3, r1.L3);
        k4 = Vector256.Create(r4.L4, r2.L4, r3.L4, r1.L4);
        MultiplyAndCarry(ref a0, ref a1, ref a2, ref a3, ref a4, k0, k1, k2, k3, k4, Times5(k1), Times5(k2), Times5(k3), Times5(k4));
        var sum = new Element(Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3), Vector256.Sum(a4)).Carry();

        var t = sum.L0 + (sum.L1 << 26);
        h0 = t & Mask44;
        t = (t >> 44) + (sum.L2 << 8) + (sum.L3 << 34);
        h1 = t & Mask44;
        h2 = (t >> 44) + (sum.L4 << 16);
        return chunks * 64;
    }

    /// <summary>Four 16-byte blocks in 26-bit limbs with the 2^128 bit set; the unpacks leave them in lanes 0, 2, 1, 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<ulong>, Vector256<ulong>, Vector256<ulong>, Vector256<ulong>, Vector256<ulong>) Load(ref byte chunk)
    {
        var first = Vector256.LoadUnsafe(ref chunk).AsUInt64();
        var second = Vector256.LoadUnsafe(ref Unsafe.Add(ref chunk, 32)).AsUInt64();
        var low = Avx2.UnpackLow(first, second);
        var high = Avx2.UnpackHigh(first, second);
        var mask = Vector256.Create(Mask26);
        return (
            low & mask,
            (low >>> 26) & mask,
            ((low >>> 52) | (high << 12)) & mask,
            (high >>> 14) & mask,
            (high >>> 40) | Vector256.Create(1UL << 24));
    }

    /// <summary>a = a * k mod 2^130 - 5 lane by lane (s = 5k), limbs carried to just over 26 bits (k's limbs below 2^26 + 2^8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAndCarry(
        ref Vector256<ulong> a0,
        ref Vector256<ulong> a1,
        ref Vector256<ulong> a2,
        ref Vector256<ulong> a3,
        ref Vector256<ulong> a4,
        Vector256<ulong> k0,
        Vector256<ulong> k1,
        Vector256<ulong> k2,
        Vector256<ulong> k3,
        Vector256<ulong> k4,
        Vector256<ulong> s1,
        Vector256<ulong> s2,
        Vector256<ulong> s3,
        Vector256<ulong> s4)
    {
        var d0 = Mul(a0, k0) + Mul(a1, s4) + Mul(a2, s3) + Mul(a3, s2) + Mul(a4, s1);
        var d1 = Mul(a0, k1) + Mul(a1, k0) + Mul(a2, s4) + Mul(a3, s3) + Mul(a4, s2);
        var d2 = Mul(a0, k2) + Mul(a1, k1) + Mul(a2, k0) + Mul(a3, s4) + Mul(a4, s3);
        var d3 = Mul(a0, k3) + Mul(a1, k2) + Mul(a2, k1) + Mul(a3, k0) + Mul(a4, s4);
        var d4 = Mul(a0, k4) + Mul(a1, k3) + Mul(a2, k2) + Mul(a3, k1) + Mul(a4, k0);

        // Two carry chains side by side, as in the usual vector Poly1305.
        var mask = Vector256.Create(Mask26);
        var c = d0 >>> 26;
        d0 &= mask;
        d1 += c;
        c = d3 >>> 26;
        d3 &= mask;
        d4 += c;
        c = d1 >>> 26;
        d1 &= mask;
        d2 += c;
        c = d4 >>> 26;
        d4 &= mask;
        d0 += c + (c << 2);
        c = d2 >>> 26;
        d2 &= mask;
        d3 += c;
        c = d0 >>> 26;
        d0 &= mask;
        d1 += c;
        c = d3 >>> 26;
        d3 &= mask;
        d4 += c;
        (a0, a1, a2, a3, a4) = (d0, d1, d2, d3, d4);
    }

    private static Vector256<ulong> Times5(Vector256<ulong> k) => k + (k << 2);

    /// <summary>Low 32 bits times low 32 bits of each lane (vpmuludq).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mul(Vector256<ulong> a, Vector256<ulong> b) => Avx2.Multiply(a.AsUInt32(), b.AsUInt32());

    /// <summary>A number mod 2^130 - 5 in five 26-bit limbs, for the powers of r.</summary>
    private readonly record struct Element(ulong L0, ulong L1, ulong L2, ulong L3, ulong L4)
    {
        /// <summary>r from the first half of the key, clamped as RFC 8439 requires.</summary>
        public static Element FromKey(ReadOnlySpan<byte> key) => new(
            BinaryPrimitives.ReadUInt32LittleEndian(key) & 0x3ffffff,
            (BinaryPrimitives.ReadUInt32LittleEndian(key[3..]) >> 2) & 0x3ffff03,
            (BinaryPrimitives.ReadUInt32LittleEndian(key[6..]) >> 4) & 0x3ffc0ff,
            (BinaryPrimitives.ReadUInt32LittleEndian(key[9..]) >> 6) & 0x3f03fff,
            (BinaryPrimitives.ReadUInt32LittleEndian(key[12..]) >> 8) & 0x00fffff);

        public Element Multiply(Element k)
        {
            var (s1, s2, s3, s4) = (k.L1 * 5, k.L2 * 5, k.L3 * 5, k.L4 * 5);
            return new Element(
                (L0 * k.L0) + (L1 * s4) + (L2 * s3) + (L3 * s2) + (L4 * s1),
                (L0 * k.L1) + (L1 * k.L0) + (L2 * s4) + (L3 * s3) + (L4 * s2),
                (L0 * k.L2) + (L1 * k.L1) + (L2 * k.L0) + (L3 * s4) + (L4 * s3),
                (L0 * k.L3) + (L1 * k.L2) + (L2 * k.L1) + (L3 * k.L0) + (L4 * s4),
                (L0 * k.L4) + (L1 * k.L3) + (L2 * k.L2) + (L3 * k.L1) + (L4 * k.L0)).Carry();
        }

        /// <summary>Carries every limb into the next, the top one times 5 into the bottom; L1 may end just over 26 bits.</summary>
        public Element Carry()
        {
            var (d0, d1, d2, d3, d4) = (L0, L1, L2, L3, L4);
            d1 += d0 >> 26;
            d0 &= Mask26;
            d2 += d1 >> 26;
            d1 &= Mask26;
            d3 += d2 >> 26;
            d2 &= Mask26;
            d4 += d3 >> 26;
            d3 &= Mask26;
            d0 += (d4 >> 26) * 5;
            d4 &= Mask26;
            d1 += d0 >> 26;
            d0 &= Mask26;
            return new Element(d0, d1, d2, d3, d4);
        }
    }
}
