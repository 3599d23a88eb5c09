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

    private static ReadOnlyMemory<byte> AuthRequest() =>
        new SshWriter().Byte(SshMessage.UserAuthRequest).Utf8("u").Utf8("ssh-connection").Utf8("none").WrittenMemory;
}
