namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>
/// NTRU Prime's encoding of a list of integers R[i] in [0, M[i]) as bytes: neighbours are merged pairwise into one
/// number of the product's range, whose low bytes are written out once it is large enough, until one number is left.
/// </summary>
internal static class RadixCode
{
    /// <summary>Writes <paramref name="values"/> (each below its modulus) to <paramref name="output"/>; returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<ushort> values, ReadOnlySpan<ushort> moduli, Span<byte> output)
    {
        var written = 0;
        if (values.Length == 1)
        {
            uint r = values[0];
            uint m = moduli[0];
            while (m > 1)
            {
                output[written++] = (byte)r;
                r >>= 8;
                m = (m + 255) >> 8;
            }

            return written;
        }

        var half = (values.Length + 1) / 2;
        var values2 = new ushort[half];
        var moduli2 = new ushort[half];
        var i = 0;
        for (; i < values.Length - 1; i += 2)
        {
            uint m0 = moduli[i];
            var r = values[i] + (values[i + 1] * m0);
            var m = moduli[i + 1] * m0;
            while (m >= 16384)
            {
                output[written++] = (byte)r;
                r >>= 8;
                m = (m + 255) >> 8;
            }

            values2[i / 2] = (ushort)r;
            moduli2[i / 2] = (ushort)m;
        }

        if (i < values.Length)
        {
            values2[i / 2] = values[i];
            moduli2[i / 2] = moduli[i];
        }

        return written + Encode(values2, moduli2, output[written..]);
    }

    /// <summary>Reads <paramref name="output"/>.Length values from <paramref name="input"/>, each reduced below its modulus.</summary>
    public static void Decode(Span<ushort> output, ReadOnlySpan<byte> input, ReadOnlySpan<ushort> moduli)
    {
        var length = output.Length;
        if (length == 1)
        {
            output[0] = moduli[0] switch
            {
                1 => 0,
                <= 256 => (ushort)(input[0] % moduli[0]),
                _ => (ushort)((input[0] + (input[1] << 8)) % moduli[0]),
            };
            return;
        }

        var half = (length + 1) / 2;
        var moduli2 = new ushort[half];
        var bottomR = new ushort[length / 2];
        var bottomT = new uint[length / 2];
        var offset = 0;
        var i = 0;
        for (; i < length - 1; i += 2)
        {
            var m = moduli[i] * (uint)moduli[i + 1];
            if (m > 256 * 16383)
            {
                bottomT[i / 2] = 256 * 256;
                bottomR[i / 2] = (ushort)(input[offset] + (256 * input[offset + 1]));
                offset += 2;
                moduli2[i / 2] = (ushort)((((m + 255) >> 8) + 255) >> 8);
            }
            else if (m >= 16384)
            {
                bottomT[i / 2] = 256;
                bottomR[i / 2] = input[offset];
                offset += 1;
                moduli2[i / 2] = (ushort)((m + 255) >> 8);
            }
            else
            {
                bottomT[i / 2] = 1;
                bottomR[i / 2] = 0;
                moduli2[i / 2] = (ushort)m;
            }
        }

        if (i < length)
        {
            moduli2[i / 2] = moduli[i];
        }

        var values2 = new ushort[half];
        Decode(values2, input[offset..], moduli2);
        var o = 0;
        for (i = 0; i < length - 1; i += 2)
        {
            var r = bottomR[i / 2] + (bottomT[i / 2] * values2[i / 2]);
            var r1 = r / moduli[i];
            output[o++] = (ushort)(r % moduli[i]);
            output[o++] = (ushort)(r1 % moduli[i + 1]);
        }

        if (i < length)
        {
            output[o] = values2[i / 2];
        }
    }
}
