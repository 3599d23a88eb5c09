namespace EcurepServer.Ssh.Transport.Kex;

/// <summary>
/// Sorts without branches or memory accesses that depend on the values (djbsort's network): sntrup761 draws its
/// secret short polynomial by sorting random words, and a data-dependent sort would leak its order through timing.
/// </summary>
internal static class ConstantTimeSort
{
    public static void Sort(Span<uint> x)
    {
        var n = x.Length;
        if (n < 2)
        {
            return;
        }

        // Sorted as signed values after flipping the top bit, which orders them as unsigned ones.
        var signed = new int[n];
        for (var i = 0; i < n; i++)
        {
            signed[i] = (int)(x[i] ^ 0x80000000u);
        }

        SortSigned(signed);
        for (var i = 0; i < n; i++)
        {
            x[i] = (uint)signed[i] ^ 0x80000000u;
        }
    }

    private static void SortSigned(int[] x)
    {
        var n = x.Length;
        var top = 1;
        while (top < n - top)
        {
            top += top;
        }

        for (var p = top; p > 0; p >>= 1)
        {
            for (var i = 0; i < n - p; i++)
            {
                if ((i & p) == 0)
                {
                    MinMax(ref x[i], ref x[i + p]);
                }
            }

            var j = 0;
            for (var q = top; q > p; q >>= 1)
            {
                for (; j < n - q; j++)
                {
                    if ((j & p) == 0)
                    {
                        var a = x[j + p];
                        for (var r = q; r > p; r >>= 1)
                        {
                            MinMax(ref a, ref x[j + r]);
                        }

                        x[j + p] = a;
                    }
                }
            }
        }
    }

    /// <summary>a, b = min, max without a branch on their values.</summary>
    private static void MinMax(ref int a, ref int b)
    {
        var ab = b ^ a;
        var c = (int)((long)b - a);
        c ^= ab & (c ^ b);
        c >>= 31;
        c &= ab;
        a ^= c;
        b ^= c;
    }
}
