using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EcurepServer.Benchmarks.Baseline;

/// <summary>
/// As of a764b41 (before the AVX2 path), for before/after figures in one run. The Poly1305 one-time authenticator (RFC 8439 section 2.5) over a whole message in one call, in three 44/44/42-bit
/// limbs with 64 x 64 -> 128-bit multiplications: nine multiplications per 16-byte block where the 26-bit form
/// takes twenty-five, and no allocation. Constant time: no branch or index depends on the key or the message.
/// </summary>
internal static class ScalarPoly1305
{
    public const int KeySize = 32;
    public const int TagSize = 16;

    private const ulong Mask44 = 0xfffffffffff;
    private const ulong Mask42 = 0x3ffffffffff;

    /// <summary>Writes the tag of <paramref name="message"/> under the one-time <paramref name="key"/> (r || s).</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        if (key.Length != KeySize || tag.Length < TagSize)
        {
            throw new ArgumentException("Poly1305 takes a 32-byte key and a 16-byte tag.");
        }

        // r, clamped as the RFC requires, in 44/44/42-bit limbs; s1, s2 fold the reduction mod 2^130 - 5 (x 5 x 4).
        var t0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        var t1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
        var r0 = t0 & 0xffc0fffffff;
        var r1 = ((t0 >> 44) | (t1 << 20)) & 0xfffffc0ffff;
        var r2 = (t1 >> 24) & 0x00ffffffc0f;
        var s1 = r1 * (5 << 2);
        var s2 = r2 * (5 << 2);
        ulong h0 = 0, h1 = 0, h2 = 0;

        while (message.Length >= 16)
        {
            Block(message, 1UL << 40, r0, r1, r2, s1, s2, ref h0, ref h1, ref h2);
            message = message[16..];
        }

        if (!message.IsEmpty)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            message.CopyTo(last);
            last[message.Length] = 1;
            Block(last, 0, r0, r1, r2, s1, s2, ref h0, ref h1, ref h2);
        }

        // Full carry, then h - p chosen in constant time when h >= p.
        var c = h1 >> 44;
        h1 &= Mask44;
        h2 += c;
        c = h2 >> 42;
        h2 &= Mask42;
        h0 += c * 5;
        c = h0 >> 44;
        h0 &= Mask44;
        h1 += c;
        c = h1 >> 44;
        h1 &= Mask44;
        h2 += c;
        c = h2 >> 42;
        h2 &= Mask42;
        h0 += c * 5;
        c = h0 >> 44;
        h0 &= Mask44;
        h1 += c;

        var g0 = h0 + 5;
        c = g0 >> 44;
        g0 &= Mask44;
        var g1 = h1 + c;
        c = g1 >> 44;
        g1 &= Mask44;
        var g2 = h2 + c - (1UL << 42);

        var useG = (g2 >> 63) - 1;
        h0 = (h0 & ~useG) | (g0 & useG);
        h1 = (h1 & ~useG) | (g1 & useG);
        h2 = (h2 & ~useG) | (g2 & useG);

        // h + s mod 2^128.
        t0 = BinaryPrimitives.ReadUInt64LittleEndian(key[16..]);
        t1 = BinaryPrimitives.ReadUInt64LittleEndian(key[24..]);
        h0 += t0 & Mask44;
        c = h0 >> 44;
        h0 &= Mask44;
        h1 += (((t0 >> 44) | (t1 << 20)) & Mask44) + c;
        c = h1 >> 44;
        h1 &= Mask44;
        h2 += ((t1 >> 24) & Mask42) + c;
        h2 &= Mask42;

        BinaryPrimitives.WriteUInt64LittleEndian(tag, h0 | (h1 << 44));
        BinaryPrimitives.WriteUInt64LittleEndian(tag[8..], (h1 >> 20) | (h2 << 24));
    }

    /// <summary>h = (h + block) * r mod 2^130 - 5, partially reduced; <paramref name="highBit"/> is 2^128 for a full block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(ReadOnlySpan<byte> block, ulong highBit, ulong r0, ulong r1, ulong r2, ulong s1, ulong s2, ref ulong h0, ref ulong h1, ref ulong h2)
    {
        var t0 = BinaryPrimitives.ReadUInt64LittleEndian(block);
        var t1 = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
        h0 += t0 & Mask44;
        h1 += ((t0 >> 44) | (t1 << 20)) & Mask44;
        h2 += ((t1 >> 24) & Mask42) | highBit;

        var d0 = (UInt128)h0 * r0 + (UInt128)h1 * s2 + (UInt128)h2 * s1;
        var d1 = (UInt128)h0 * r1 + (UInt128)h1 * r0 + (UInt128)h2 * s2;
        var d2 = (UInt128)h0 * r2 + (UInt128)h1 * r1 + (UInt128)h2 * r0;

        var c = (ulong)(d0 >> 44);
        h0 = (ulong)d0 & Mask44;
        d1 += c;
        c = (ulong)(d1 >> 44);
        h1 = (ulong)d1 & Mask44;
        d2 += c;
        c = (ulong)(d2 >> 42);
        h2 = (ulong)d2 & Mask42;
        h0 += c * 5;
        c = h0 >> 44;
        h0 &= Mask44;
        h1 += c;
    }
}
