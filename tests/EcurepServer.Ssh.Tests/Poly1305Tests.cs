using System.Security.Cryptography;
using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Ssh.Tests;

/// <summary>Our Poly1305 against the RFC 8439 test vectors (section 2.5.2 and appendix A.3) and against BouncyCastle's.</summary>
public sealed class Poly1305Tests
{
    private const string R1 = "01000000000000000000000000000000";
    private const string R2 = "02000000000000000000000000000000";
    private const string Zero16 = "00000000000000000000000000000000";
    private const string Ones16 = "ffffffffffffffffffffffffffffffff";

    public static TheoryData<string, string, string> RfcVectors => new()
    {
        // Section 2.5.2.
        { "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", Convert.ToHexString("Cryptographic Forum Research Group"u8), "a8061dc1305136c6c22b8baf0c0127a9" },

        // Appendix A.3: #1, then #5 to #11, which reach the corners of the reduction mod 2^130 - 5.
        { Zero16 + Zero16, new string('0', 128), Zero16 },
        { R2 + Zero16, Ones16, "03000000000000000000000000000000" },
        { R2 + Ones16, "02000000000000000000000000000000", "03000000000000000000000000000000" },
        { R1 + Zero16, Ones16 + "f0" + new string('f', 30) + "11" + new string('0', 30), "05000000000000000000000000000000" },
        { R1 + Zero16, Ones16 + "fb" + string.Concat(Enumerable.Repeat("fe", 15)) + string.Concat(Enumerable.Repeat("01", 16)), Zero16 },
        { R2 + Zero16, "fd" + new string('f', 30), "faffffffffffffffffffffffffffffff" },
        {
            "0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000000000000000000000000000000000" + "01000000000000000000000000000000",
            "14000000000000005500000000000000"
        },
        {
            "0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000000000000000000000000000000000",
            "13000000000000000000000000000000"
        },
    };

    [Theory]
    [MemberData(nameof(RfcVectors))]
    public void TheTagsOfRfc8439AreReproduced(string key, string message, string expected)
    {
        var tag = new byte[Poly1305.TagSize];
        Poly1305.Compute(Convert.FromHexString(key), Convert.FromHexString(message), tag);
        Assert.Equal(expected, Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void EveryLengthUpToSomeBlocksGivesBouncyCastlesTag()
    {
        var reference = new Org.BouncyCastle.Crypto.Macs.Poly1305();
        var expected = new byte[Poly1305.TagSize];
        var tag = new byte[Poly1305.TagSize];
        for (var length = 0; length <= Poly1305Avx2.MinimumLength + 200; length++)
        {
            var key = RandomNumberGenerator.GetBytes(Poly1305.KeySize);
            var message = RandomNumberGenerator.GetBytes(length);
            if (length % 7 == 0)
            {
                // All ones: the accumulator reaches its largest values.
                key.AsSpan(16).Fill(0xff);
                message.AsSpan().Fill(0xff);
            }

            reference.Init(new Org.BouncyCastle.Crypto.Parameters.KeyParameter(key));
            reference.BlockUpdate(message);
            reference.DoFinal(expected);
            Poly1305.Compute(key, message, tag);
            Assert.True(expected.AsSpan().SequenceEqual(tag), $"length {length}");
        }
    }

    /// <summary>
    /// Lengths around the block and the four-block (AVX2) chunk boundaries and long messages, each random, all ones
    /// under the largest clamped r and s (the accumulator and the final carries at their highest, near 2^130 - 5),
    /// and all zeros: every tag must be BouncyCastle's.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(Poly1305Avx2.MinimumLength - 1)]
    [InlineData(Poly1305Avx2.MinimumLength)]
    [InlineData(Poly1305Avx2.MinimumLength + 1)]
    [InlineData(Poly1305Avx2.MinimumLength + 63)]
    [InlineData(Poly1305Avx2.MinimumLength + 64)]
    [InlineData(Poly1305Avx2.MinimumLength + 65)]
    [InlineData(1000)]
    [InlineData(32_768 + 4)]
    [InlineData(65_536)]
    [InlineData(1_048_576 + 47)]
    public void Edge_lengths_and_carries_give_bouncycastles_tag(int length)
    {
        var random = RandomNumberGenerator.GetBytes(length);
        var ones = new byte[length];
        ones.AsSpan().Fill(0xff);
        var largest = new byte[Poly1305.KeySize];
        largest.AsSpan().Fill(0xff);
        foreach (var (key, message) in new[]
        {
            (RandomNumberGenerator.GetBytes(Poly1305.KeySize), random),
            (largest, ones),
            (largest, new byte[length]),
            (RandomNumberGenerator.GetBytes(Poly1305.KeySize), ones),
        })
        {
            var reference = new Org.BouncyCastle.Crypto.Macs.Poly1305();
            reference.Init(new Org.BouncyCastle.Crypto.Parameters.KeyParameter(key));
            reference.BlockUpdate(message);
            var expected = new byte[Poly1305.TagSize];
            reference.DoFinal(expected);
            var tag = new byte[Poly1305.TagSize];
            Poly1305.Compute(key, message, tag);
            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(tag));
        }
    }
}
