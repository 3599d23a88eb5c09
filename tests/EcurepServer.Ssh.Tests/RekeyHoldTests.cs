using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>Sends held back during a key exchange: bulk senders wait for room, the reader never does.</summary>
public sealed class RekeyHoldTests
{
    [Fact]
    public async Task Replies_from_the_reader_while_bulk_sends_fill_the_hold_do_not_stall_the_rekey()
    {
        await using var harness = new TransportHarness(new SshServerOptions { RekeyAfterBytes = 256 * 1024 }, floodSenders: 4);
        await using var client = await KexClient.ConnectAsync(harness.Port);
        await client.SendAsync(new SshWriter().Byte(SshMessage.ServiceRequest).Utf8("ssh-userauth").WrittenMemory);
        await client.SendAsync(AuthRequest());
        await client.ExpectAsync(SshMessage.UserAuthFailure);

        // The flood has started and the server's rekey KEXINIT is out: its sends are held from here on. Each request
        // makes the reader reply; with the hold full of flood, a reply that waited would keep the reader from our KEXINIT.
        await client.ExpectAsync(SshMessage.KexInit);
        for (var i = 0; i < 300; i++)
        {
            await client.SendAsync(AuthRequest());
        }

        await client.StartKeyExchangeAsync();

        await client.ExpectAsync(SshMessage.NewKeys);
    }

    [Fact]
    public async Task A_client_that_keeps_the_server_replying_without_finishing_the_rekey_is_cut_off()
    {
        await using var harness = new TransportHarness(new SshServerOptions { RekeyAfterBytes = 64 * 1024, MaxPacketSize = 32 * 1024 }, floodSenders: 4);
        await using var client = await KexClient.ConnectAsync(harness.Port);
        await client.SendAsync(new SshWriter().Byte(SshMessage.ServiceRequest).Utf8("ssh-userauth").WrittenMemory);
        await client.SendAsync(AuthRequest());
        await client.ExpectAsync(SshMessage.UserAuthFailure);
        await client.ExpectAsync(SshMessage.KexInit);

        var requests = Task.Run(async () =>
        {
            for (var i = 0; i < 50_000 && !harness.Outcome.IsCompleted; i++)
            {
                await client.SendAsync(AuthRequest());
            }
        });

        await client.ExpectAsync(SshMessage.Disconnect, TimeSpan.FromSeconds(30));
        await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(harness.Logger.Lines, line => line.Contains("does not finish the key exchange", StringComparison.Ordinal));
        await Record.ExceptionAsync(() => requests);
    }

    [Fact]
    public async Task Requests_on_a_channel_whose_data_waits_for_the_rekey_do_not_stall_it()
    {
        // The client sends without waiting for window adjusts, so the channel opens with its whole window.
        var options = new SshServerOptions
        {
            MaxPacketSize = 64 * 1024,
            ChannelMaxPacketSize = 32 * 1024,
            ChannelInitialWindowSize = 4 * 1024 * 1024,
            RekeyAfterBytes = 512 * 1024,
        };
        await using var server = await ServerHarness.StartAsync(options);
        await using var client = await KexClient.ConnectAsync(server.Server.LocalEndPoint.Port);
        await client.SendAsync(new SshWriter().Byte(SshMessage.ServiceRequest).Utf8("ssh-userauth").WrittenMemory);
        await client.SendAsync(new SshWriter().Byte(SshMessage.UserAuthRequest).Utf8(ServerHarness.User).Utf8("ssh-connection")
            .Utf8("password").Boolean(false).Utf8(ServerHarness.Password).WrittenMemory);
        await client.ExpectAsync(SshMessage.UserAuthSuccess);
        await client.SendAsync(new SshWriter().Byte(SshMessage.ChannelOpen).Utf8("session").UInt32(7).UInt32(1 << 30).UInt32(32 * 1024).WrittenMemory);
        var confirmation = new SshReader(await client.ExpectAsync(SshMessage.ChannelOpenConfirmation));
        confirmation.ReadByte();
        confirmation.ReadUInt32();
        var channel = confirmation.ReadUInt32();
        await client.SendAsync(ChannelRequest(channel, "subsystem", "echo"));
        await client.ExpectAsync(SshMessage.ChannelSuccess);

        // The echo comes back faster than a held rekey lets out: the server's KEXINIT goes out and the channel's data
        // then waits for room. Each request on that channel makes the reader reply on it before it reads our KEXINIT.
        var chunk = new SshWriter().Byte(SshMessage.ChannelData).UInt32(channel).Binary(new byte[32 * 1024]).WrittenMemory;
        for (var i = 0; i < 64; i++)
        {
            await client.SendAsync(chunk);
        }

        await client.ExpectAsync(SshMessage.KexInit);
        await Eventually.TrueAsync(() => server.Logger.Lines.Any(line => line.Contains("bulk sends wait", StringComparison.Ordinal)));
        for (var i = 0; i < 50; i++)
        {
            await client.SendAsync(ChannelRequest(channel, "env", "LANG"));
        }
        await client.StartKeyExchangeAsync();

        await client.ExpectAsync(SshMessage.NewKeys);
    }

    [Fact]
    public async Task A_client_that_never_answers_the_servers_KEXINIT_is_disconnected_after_the_timeout()
    {
        var options = new SshServerOptions { RekeyAfterBytes = 4 * 1024, KeyReExchangeTimeout = TimeSpan.FromMilliseconds(500) };
        await using var harness = new TransportHarness(options);
        await using var client = await KexClient.ConnectAsync(harness.Port);
        await client.SendAsync(new SshWriter().Byte(SshMessage.ServiceRequest).Utf8("ssh-userauth").WrittenMemory);
        for (var i = 0; i < 100; i++)
        {
            await client.SendAsync(AuthRequest());
        }

        await client.ExpectAsync(SshMessage.KexInit);

        await client.ExpectAsync(SshMessage.Disconnect);
        await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(harness.Logger.Lines, line => line.Contains("key re-exchange not finished within", StringComparison.Ordinal));
    }

    private static ReadOnlyMemory<byte> ChannelRequest(uint channel, string type, string argument) =>
        new SshWriter().Byte(SshMessage.ChannelRequest).UInt32(channel).Utf8(type).Boolean(true).Utf8(argument).WrittenMemory;

    private static ReadOnlyMemory<byte> AuthRequest() =>
        new SshWriter().Byte(SshMessage.UserAuthRequest).Utf8("u").Utf8("ssh-connection").Utf8("none").WrittenMemory;
}
