using System.Security.Cryptography;
using EcurepServer.Ssh.Transport.Ciphers;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace EcurepServer.Ssh.Tests;

/// <summary>Our ChaCha20 (eight blocks at a time and one block at a time) against BouncyCastle's original ChaCha20.</summary>
public sealed class ChaCha20Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(1000)]
    [InlineData(32_768 + 40)]
    [InlineData(256 * 1024)]
    public void The_keystream_xored_in_place_is_bouncycastles(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(8);
        var data = RandomNumberGenerator.GetBytes(length);
        var expected = new byte[length];
        var reference = new ChaChaEngine();
        reference.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        reference.ProcessBytes(new byte[64], new byte[64]);
        reference.ProcessBytes(data, expected);

        new ChaCha20(key).Xor(nonce, 1, data);

        Assert.Equal(expected, data);
    }

    [Fact]
    public void One_block_is_bouncycastles()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(8);
        var expected = new byte[128];
        var reference = new ChaChaEngine();
        reference.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        reference.ProcessBytes(new byte[128], expected);
        var cipher = new ChaCha20(key);
        var block = new byte[64];

        cipher.Block(nonce, 0, block);
        Assert.Equal(expected[..64], block);
        cipher.Block(nonce, 1, block);
        Assert.Equal(expected[64..], block);
    }

    /// <summary>The block counter is 64 bits: eight lanes that cross 2^32 carry into its high word like single blocks do.</summary>
    [Fact]
    public void The_lanes_carry_the_counter_into_its_high_word()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(8);
        var cipher = new ChaCha20(key);
        const ulong first = uint.MaxValue - 4;
        var data = new byte[16 * 64];
        var expected = new byte[data.Length];
        for (var block = 0; block < 16; block++)
        {
            cipher.Block(nonce, first + (ulong)block, expected.AsSpan(block * 64, 64));
        }

        cipher.Xor(nonce, first, data);

        Assert.Equal(expected, data);
    }
}
