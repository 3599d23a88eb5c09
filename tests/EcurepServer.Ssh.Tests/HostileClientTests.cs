using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>Hostile or broken clients: each gets a clean refusal with a reason and a log line, never a hang or a crash.</summary>
public sealed class HostileClientTests
{
    [Fact]
    public async Task Garbage_lines_before_the_identification_are_bounded()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync(string.Concat(Enumerable.Repeat("garbage\r\n", 25)));
        var (version, messages, _) = await client.ReadUntilClosedAsync();
        Assert.Equal("SSH-2.0-EcurepServer", version);
        Assert.Empty(messages);
        await AssertRefusedAsync(harness, "no SSH identification within 20 lines");
    }

    [Fact]
    public async Task An_endless_line_is_cut_off()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync(new string('A', 10_000));
        await client.ReadUntilClosedAsync();
        await AssertRefusedAsync(harness, "longer than 255 bytes");
    }

    [Fact]
    public async Task Ssh1_is_refused()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-1.5-OldClient\r\n");
        await client.ReadUntilClosedAsync();
        var ex = await AssertRefusedAsync(harness, "protocol version not supported: SSH-1.5-OldClient");
        Assert.Equal(SshDisconnectReason.ProtocolVersionNotSupported, ex.Reason);
    }

    [Fact]
    public async Task A_packet_length_over_the_cap_is_refused_before_it_is_read()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Hostile\r\n");
        await client.SendAsync([0x7f, 0xff, 0xff, 0xf8, 0x04]);
        var (_, messages, reason) = await client.ReadUntilClosedAsync();
        Assert.Equal([SshMessage.KexInit, SshMessage.Disconnect], messages);
        Assert.Equal((uint)SshDisconnectReason.ProtocolError, reason);
        await AssertRefusedAsync(harness, "exceeds the limit of 262144");
    }

    [Fact]
    public async Task Padding_under_four_bytes_is_refused()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Hostile\r\n");
        await client.SendPacketAsync([SshMessage.Ignore, 0, 0, 0, 4, 1, 2, 3, 4], padding: 2);
        var (_, messages, _) = await client.ReadUntilClosedAsync();
        Assert.Equal(SshMessage.Disconnect, messages[^1]);
        await AssertRefusedAsync(harness, "invalid padding length 2");
    }

    [Fact]
    public async Task Strict_kex_refuses_an_ignore_during_the_initial_exchange()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Hostile\r\n");
        await client.SendKexInitAsync("kex-strict-c-v00@openssh.com");
        await client.SendPacketAsync([SshMessage.Ignore, 0, 0, 0, 0]);
        var (_, messages, _) = await client.ReadUntilClosedAsync();
        Assert.Equal(SshMessage.Disconnect, messages[^1]);
        await AssertRefusedAsync(harness, "strict key exchange: message 2 during the initial key exchange");
    }

    [Fact]
    public async Task Strict_kex_requires_kexinit_to_be_the_first_packet()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Hostile\r\n");
        await client.SendPacketAsync([SshMessage.Ignore, 0, 0, 0, 0]);
        await client.SendKexInitAsync("kex-strict-c-v00@openssh.com");
        await client.ReadUntilClosedAsync();
        await AssertRefusedAsync(harness, "KEXINIT was not the client's first packet");
    }

    [Fact]
    public async Task Without_strict_kex_ignore_is_tolerated_but_other_messages_during_kex_are_not()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Hostile\r\n");
        await client.SendPacketAsync([SshMessage.Ignore, 0, 0, 0, 0]);
        await client.SendKexInitAsync();
        await client.SendPacketAsync([SshMessage.Debug, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        await client.SendPacketAsync([SshMessage.ServiceRequest, 0, 0, 0, 0]);
        await client.ReadUntilClosedAsync();
        await AssertRefusedAsync(harness, "message 5 during a key exchange");
    }

    [Fact]
    public async Task A_wrongly_guessed_first_kex_packet_is_skipped()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Guesser\r\n");
        await client.SendKexInitAsync(["ssh-dss", "ssh-ed25519"], firstKexPacketFollows: true);
        await client.SendPacketAsync([SshMessage.KexEcdhInit, 0, 0, 0, 3, 1, 2, 3]);
        var clientKey = new byte[32];
        var clientPublic = new byte[32];
        Org.BouncyCastle.Math.EC.Rfc7748.X25519.GeneratePrivateKey(new Org.BouncyCastle.Security.SecureRandom(), clientKey);
        Org.BouncyCastle.Math.EC.Rfc7748.X25519.GeneratePublicKey(clientKey, 0, clientPublic, 0);
        await client.SendPacketAsync(new SshWriter().Byte(SshMessage.KexEcdhInit).Binary(clientPublic).WrittenSpan.ToArray());

        var (_, messages, _) = await client.ReadUntilClosedAsync(closeAfter: 3);

        Assert.Equal([SshMessage.KexInit, SshMessage.KexEcdhReply, SshMessage.NewKeys], messages);
    }

    [Fact]
    public async Task The_strict_kex_marker_listed_first_by_the_client_is_not_negotiated_as_a_key_exchange()
    {
        await using var harness = new TransportHarness();
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        await client.SendAsync("SSH-2.0-Marker\r\n");
        await client.SendPacketAsync(new SshWriter().Byte(SshMessage.KexInit).Raw(new byte[16])
            .NameList(["kex-strict-s-v00@openssh.com", "curve25519-sha256"]).NameList(["ssh-ed25519"])
            .NameList(["aes128-ctr"]).NameList(["aes128-ctr"]).NameList(["hmac-sha2-256"]).NameList(["hmac-sha2-256"])
            .NameList(["none"]).NameList(["none"]).NameList([]).NameList([]).Boolean(false).UInt32(0).WrittenSpan.ToArray());
        var clientPublic = new byte[32];
        Org.BouncyCastle.Math.EC.Rfc7748.X25519.GeneratePublicKey(RandomNumberGenerator.GetBytes(32), 0, clientPublic, 0);
        await client.SendPacketAsync(new SshWriter().Byte(SshMessage.KexEcdhInit).Binary(clientPublic).WrittenSpan.ToArray());

        var (_, messages, _) = await client.ReadUntilClosedAsync(closeAfter: 3);

        Assert.Equal([SshMessage.KexInit, SshMessage.KexEcdhReply, SshMessage.NewKeys], messages);
    }

    [Fact]
    public async Task A_client_dribbling_one_byte_at_a_time_hits_the_login_grace_time()
    {
        await using var harness = new TransportHarness(new SshServerOptions { LoginGraceTime = TimeSpan.FromSeconds(1) });
        await using var client = await RawSshClient.ConnectAsync(harness.Port);
        using var stop = new CancellationTokenSource();
        var dribble = Task.Run(async () =>
        {
            foreach (var c in "SSH-2.0-Slowly-but-surely-never-finishing")
            {
                await client.SendAsync([(byte)c]);
                await Task.Delay(100, stop.Token);
            }
        });
        await AssertRefusedAsync(harness, "not finished within the login grace time");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dribble);
    }

    private static async Task<SshProtocolException> AssertRefusedAsync(TransportHarness harness, string reason)
    {
        var outcome = await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(30));
        var ex = Assert.IsType<SshProtocolException>(outcome);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
        return ex;
    }
}
