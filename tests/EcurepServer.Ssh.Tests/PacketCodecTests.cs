using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using EcurepServer.Ssh.Transport.Ciphers;

namespace EcurepServer.Ssh.Tests;

public sealed class PacketCodecTests
{
    public static TheoryData<string, string?> Suites => new()
    {
        { "aes128-gcm@openssh.com", null },
        { "aes256-gcm@openssh.com", null },
        { "chacha20-poly1305@openssh.com", null },
        { "aes128-ctr", "hmac-sha2-256" },
        { "aes192-ctr", "hmac-sha2-512" },
        { "aes256-ctr", "hmac-sha2-256-etm@openssh.com" },
        { "aes256-ctr", "hmac-sha2-512-etm@openssh.com" },
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task Packets_round_trip(string cipher, string? mac)
    {
        int[] sizes = [1, 15, 16, 17, 100, 32_768, 200_000];
        var wire = Write(cipher, mac, sizes);
        var reader = Reader(cipher, mac, wire);
        foreach (var size in sizes)
        {
            var payload = await reader.ReadAsync(CancellationToken.None);
            Assert.Equal(Payload(size), payload.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task A_flipped_bit_is_a_mac_error(string cipher, string? mac)
    {
        var wire = Write(cipher, mac, [64, 64]);
        var secondPacket = wire.Length / 2;
        wire[secondPacket + 24] ^= 0x01;
        var reader = Reader(cipher, mac, wire);
        await reader.ReadAsync(CancellationToken.None);
        var ex = await Assert.ThrowsAsync<SshProtocolException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(SshDisconnectReason.MacError, ex.Reason);
    }

    /// <summary>The body encrypted by .NET's RFC 8439 cipher must be byte for byte what BouncyCastle's original ChaCha20 makes.</summary>
    [Theory]
    [InlineData(0u, 16)]
    [InlineData(1u, 1000)]
    [InlineData(0x80000000u, 64 * 1024)]
    [InlineData(uint.MaxValue, 256 * 1024 - 64)]
    public void Chacha20_poly1305_seals_alike_with_the_base_library_and_with_bouncycastle_alone(uint sequence, int length)
    {
        var key = Enumerable.Range(1, 64).Select(i => (byte)(i * 3)).ToArray();
        var packet = Enumerable.Range(0, length).Select(i => (byte)(i * 13)).ToArray();
        var viaBaseLibrary = packet.ToArray();
        var viaBouncyCastle = packet.ToArray();
        var (tagBaseLibrary, tagBouncyCastle) = (new byte[16], new byte[16]);
        using var fast = new ChaCha20Poly1305PacketCipher(key);
        using var portable = new ChaCha20Poly1305PacketCipher(key, useBaseLibrary: false);

        fast.Seal(sequence, viaBaseLibrary, tagBaseLibrary);
        portable.Seal(sequence, viaBouncyCastle, tagBouncyCastle);

        Assert.Equal(viaBouncyCastle, viaBaseLibrary);
        Assert.Equal(tagBouncyCastle, tagBaseLibrary);
        Assert.True(portable.Open(sequence, viaBaseLibrary, tagBaseLibrary));
        Assert.Equal(packet, viaBaseLibrary);
    }

    [Fact]
    public async Task A_length_over_the_cap_is_refused_before_reading_the_packet()
    {
        var wire = Write("aes128-ctr", "hmac-sha2-256", [64]);
        var reader = new PacketReader(new SshInputBuffer(new MemoryStream(wire), 4096), 32);
        var ex = await Assert.ThrowsAsync<SshProtocolException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.Contains("exceeds the limit of 32", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Payload(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i * 7))];

    private static byte[] Write(string cipher, string? mac, int[] sizes)
    {
        var stream = new MemoryStream();
        using var writer = new PacketWriter(stream);
        writer.ChangeCipher(Create(cipher, mac), resetSequence: false);
        foreach (var size in sizes)
        {
            writer.WriteAsync(Payload(size), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return stream.ToArray();
    }

    private static PacketReader Reader(string cipher, string? mac, byte[] wire)
    {
        var reader = new PacketReader(new SshInputBuffer(new MemoryStream(wire), 300_000), 256 * 1024);
        reader.ChangeCipher(Create(cipher, mac), resetSequence: false);
        return reader;
    }

    private static PacketCipher Create(string cipher, string? mac)
    {
        var key = Enumerable.Range(1, CipherAlgorithms.KeySize(cipher)).Select(i => (byte)i).ToArray();
        var iv = Enumerable.Range(100, CipherAlgorithms.IvSize(cipher)).Select(i => (byte)i).ToArray();
        var macKey = Enumerable.Range(50, CipherAlgorithms.MacKeySize(mac)).Select(i => (byte)i).ToArray();
        return CipherAlgorithms.Create(cipher, mac, key, iv, macKey);
    }
}
