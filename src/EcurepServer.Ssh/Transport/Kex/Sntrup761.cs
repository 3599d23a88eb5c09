using System.Numerics;
using System.Security.Cryptography;
using Org.BouncyCastle.Security;

namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>
/// Streamlined NTRU Prime sntrup761, the encapsulation half (the server's), written after the NTRU Prime reference
/// code that OpenSSH carries. BouncyCastle's engine reduces every product term modulo q with a division, 7 ms of CPU
/// per login, most of an SFTP login; here the product h·r is summed in vectors and reduced once per coefficient.
/// Any 1158 bytes decode to a public key (as in OpenSSH and the reference code), so there is nothing to validate
/// beyond the length.
/// </summary>
internal sealed class Sntrup761 : PostQuantumKem
{
    private const int P = 761;
    private const int Q = 4591;
    private const int W = 286;
    private const int Q12 = (Q - 1) / 2;
    private const int HashBytes = 32;
    private const int SmallBytes = (P + 3) / 4;
    private const int RoundedBytes = 1007;

    public static Sntrup761 Instance { get; } = new();

    public override string Name => "sntrup761";

    public override int PublicKeySize => 1158;

    public override int CiphertextSize => RoundedBytes + HashBytes;

    public override byte[] Encapsulate(byte[] publicKey, Span<byte> ciphertext, SecureRandom random)
    {
        var cache = HashPrefix(4, publicKey);
        var r = ShortRandom(random);
        var rEncoded = EncodeSmall(r);

        var h = DecodeRq(publicKey);
        var c = RoundToMultiplesOf3(MultiplySmall(h, r));
        EncodeRounded(c, ciphertext[..RoundedBytes]);

        var rHash = HashPrefix(3, rEncoded);
        HashPrefix(2, [.. rHash, .. cache]).CopyTo(ciphertext[RoundedBytes..]);
        return HashPrefix(1, [.. rHash, .. ciphertext[..CiphertextSize]]);
    }

    /// <summary>The first 32 bytes of SHA-512 over the prefix byte and the input.</summary>
    private static byte[] HashPrefix(byte prefix, ReadOnlySpan<byte> input)
    {
        var buffer = new byte[1 + input.Length];
        buffer[0] = prefix;
        input.CopyTo(buffer.AsSpan(1));
        return SHA512.HashData(buffer)[..HashBytes];
    }

    /// <summary>A random polynomial with exactly <see cref="W"/> coefficients ±1 and the rest 0.</summary>
    internal static sbyte[] ShortRandom(SecureRandom random)
    {
        var bytes = new byte[4 * P];
        random.NextBytes(bytes);
        var list = new uint[P];
        for (var i = 0; i < P; i++)
        {
            var value = BitConverter.ToUInt32(bytes, 4 * i);
            list[i] = i < W ? value & ~1u : (value & ~3u) | 1;
        }

        ConstantTimeSort.Sort(list);
        var small = new sbyte[P];
        for (var i = 0; i < P; i++)
        {
            small[i] = (sbyte)((int)(list[i] & 3) - 1);
        }

        return small;
    }

    private static byte[] EncodeSmall(sbyte[] r)
    {
        var encoded = new byte[SmallBytes];
        for (var i = 0; i < P / 4; i++)
        {
            encoded[i] = (byte)((r[4 * i] + 1) | ((r[(4 * i) + 1] + 1) << 2) | ((r[(4 * i) + 2] + 1) << 4) | ((r[(4 * i) + 3] + 1) << 6));
        }

        encoded[P / 4] = (byte)(r[P - 1] + 1);
        return encoded;
    }

    private static int[] DecodeRq(byte[] publicKey)
    {
        var moduli = new ushort[P];
        Array.Fill(moduli, (ushort)Q);
        var values = new ushort[P];
        RadixCode.Decode(values, publicKey, moduli);
        var h = new int[P];
        for (var i = 0; i < P; i++)
        {
            h[i] = values[i] - Q12;
        }

        return h;
    }

    /// <summary>h·r in Z_q[x]/(x^p - x - 1), each coefficient in [-(q-1)/2, (q-1)/2].</summary>
    private static int[] MultiplySmall(int[] h, sbyte[] r)
    {
        // |h_i| ≤ 2295 and at most p terms: every sum fits an int, before and after folding x^p = x + 1. Every r_j is
        // multiplied in, zero or not, so the time does not depend on where r's nonzero coefficients are.
        var product = new int[(2 * P) - 1];
        var width = Vector<int>.Count;
        var whole = P - (P % width);
        for (var j = 0; j < P; j++)
        {
            var target = product.AsSpan(j, P);
            var factor = new Vector<int>(r[j]);
            var i = 0;
            for (; i < whole; i += width)
            {
                (new Vector<int>(target[i..]) + (new Vector<int>(h, i) * factor)).CopyTo(target[i..]);
            }

            for (; i < P; i++)
            {
                target[i] += h[i] * r[j];
            }
        }

        for (var i = (2 * P) - 2; i >= P; i--)
        {
            product[i - P] += product[i];
            product[i - P + 1] += product[i];
        }

        var result = new int[P];
        for (var i = 0; i < P; i++)
        {
            result[i] = FreezeQ(product[i]);
        }

        return result;
    }

    private static int FreezeQ(int x)
    {
        var reduced = (x + Q12) % Q;
        return (reduced < 0 ? reduced + Q : reduced) - Q12;
    }

    /// <summary>Each coefficient to the nearest multiple of 3 (the reference's Round).</summary>
    private static int[] RoundToMultiplesOf3(int[] a)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var remainder = ((a[i] % 3) + 3) % 3;
            a[i] -= remainder == 2 ? -1 : remainder;
        }

        return a;
    }

    private static void EncodeRounded(int[] c, Span<byte> output)
    {
        var values = new ushort[P];
        var moduli = new ushort[P];
        for (var i = 0; i < P; i++)
        {
            values[i] = (ushort)((c[i] + Q12) / 3);
            moduli[i] = (Q + 2) / 3;
        }

        var written = RadixCode.Encode(values, moduli, output);
        if (written != output.Length)
        {
            throw new InvalidOperationException($"sntrup761 rounded encoding wrote {written} bytes, not {output.Length}.");
        }
    }
}
