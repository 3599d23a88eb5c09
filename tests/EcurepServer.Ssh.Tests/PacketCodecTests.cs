using System.Buffers.Binary;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Transport;
using EcurepServer.Ssh.Transport.Ciphers;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

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

    /// <summary>Our chacha20-poly1305 packet must be byte for byte what BouncyCastle's original ChaCha20 and Poly1305 make.</summary>
    [Theory]
    [InlineData(0u, 16)]
    [InlineData(1u, 1000)]
    [InlineData(0x80000000u, 64 * 1024)]
    [InlineData(uint.MaxValue, 256 * 1024 - 64)]
    public void Chacha20_poly1305_seals_like_bouncycastle(uint sequence, int length)
    {
        var key = Enumerable.Range(1, 64).Select(i => (byte)(i * 3)).ToArray();
        var packet = Enumerable.Range(0, length).Select(i => (byte)(i * 13)).ToArray();
        var nonce = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(nonce, sequence);
        var expected = packet.ToArray();
        var header = new ChaChaEngine();
        header.Init(true, new ParametersWithIV(new KeyParameter(key[32..]), nonce));
        header.ProcessBytes(expected, 0, 4, expected, 0);
        var main = new ChaChaEngine();
        main.Init(true, new ParametersWithIV(new KeyParameter(key[..32]), nonce));
        var polyKey = new byte[64];
        main.ProcessBytes(polyKey, 0, 64, polyKey, 0);
        main.ProcessBytes(expected, 4, length - 4, expected, 4);
        var mac = new Org.BouncyCastle.Crypto.Macs.Poly1305();
        mac.Init(new KeyParameter(polyKey, 0, 32));
        mac.BlockUpdate(expected);
        var expectedTag = new byte[16];
        mac.DoFinal(expectedTag);
        var sealedPacket = packet.ToArray();
        var tag = new byte[16];
        using var cipher = new ChaCha20Poly1305PacketCipher(key);

        cipher.Seal(sequence, sealedPacket, tag);

        Assert.Equal(expected, sealedPacket);
        Assert.Equal(expectedTag, tag);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(packet), cipher.ReadLength(sequence, sealedPacket));
        Assert.True(cipher.Open(sequence, sealedPacket, tag));
        Assert.Equal(packet, sealedPacket);
    }

    [Fact]
    public async Task A_length_over_the_cap_is_refused_before_reading_the_packet()
    {
        var wire = Write("aes128-ctr", "hmac-sha2-256", [64]);
        var reader = new PacketReader(new SshInputBuffer(new MemoryStream(wire), 4096), 32);
        var ex = await Assert.ThrowsAsync<SshProtocolException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.Contains("exceeds the limit of 32", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aes128-gcm@openssh.com", null, true)]
    [InlineData("chacha20-poly1305@openssh.com", null, true)]
    [InlineData("aes256-ctr", "hmac-sha2-256-etm@openssh.com", false)]
    [InlineData("aes128-ctr", "hmac-sha2-256", false)]
    public async Task The_reader_tells_whether_the_next_packet_is_buffered_whole_without_disturbing_it(string cipher, string? mac, bool canTell)
    {
        int[] sizes = [100, 200, 50, 60];
        var whole = Write(cipher, mac, sizes);
        var lastLength = Write(cipher, mac, [60]).Length;
        var reader = Reader(cipher, mac, whole[..^(lastLength / 2)]);

        Assert.Equal(Payload(100), (await reader.ReadAsync(CancellationToken.None)).ToArray());
        Assert.Equal(canTell, reader.HasWholePacket());
        Assert.Equal(Payload(200), (await reader.ReadAsync(CancellationToken.None)).ToArray());
        Assert.Equal(canTell, reader.HasWholePacket());
        Assert.Equal(Payload(50), (await reader.ReadAsync(CancellationToken.None)).ToArray());

        // Half of the last packet is there: it is not whole, whatever the cipher.
        Assert.False(reader.HasWholePacket());
        Assert.False(reader.HasWholePacket());
    }

    [Fact]
    public async Task The_reader_runs_its_hook_before_every_read_that_has_to_wait_for_the_connection_and_only_then()
    {
        var whole = Write("aes128-gcm@openssh.com", null, [100, 200, 50]);
        var firstTwo = Write("aes128-gcm@openssh.com", null, [100, 200]).Length;
        var stream = new TestSupport.RecordingStream(whole[..firstTwo], whole[firstTwo..]);
        var reader = new PacketReader(new SshInputBuffer(stream, 300_000), 256 * 1024);
        reader.ChangeCipher(Create("aes128-gcm@openssh.com", null), resetSequence: false);
        var packetsRead = 0;
        var hookRanAfter = new List<int>();
        reader.BeforeWaiting = () =>
        {
            hookRanAfter.Add(packetsRead);
            return ValueTask.CompletedTask;
        };

        foreach (var size in (int[])[100, 200, 50])
        {
            Assert.Equal(Payload(size), (await reader.ReadAsync(CancellationToken.None)).ToArray());
            packetsRead++;
        }

        // Before the first packet nothing had arrived; the second came with it; the third came by itself.
        Assert.Equal([0, 2], hookRanAfter);
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
