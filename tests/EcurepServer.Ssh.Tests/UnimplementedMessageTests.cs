using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>RFC 4253 section 11.4 over a real connection: unknown messages are answered with their own sequence numbers.</summary>
public sealed class UnimplementedMessageTests
{
    [Fact]
    public async Task Unknown_messages_before_and_after_the_service_request_are_answered_with_their_sequence_numbers()
    {
        await using var server = await ServerHarness.StartAsync(new SshServerOptions());
        await using var client = await KexClient.ConnectAsync(server.Server.LocalEndPoint.Port);

        // Without strict kex the numbering runs on from the exchange: KEXINIT 0, ECDH_INIT 1, NEWKEYS 2.
        await client.SendAsync(new SshWriter().Byte(200).WrittenMemory);
        Assert.Equal(3u, SequenceOf(await client.ExpectAsync(SshMessage.Unimplemented)));
        await client.SendAsync(new SshWriter().Byte(SshMessage.ServiceRequest).Utf8("ssh-userauth").WrittenMemory);
        await client.ExpectAsync(SshMessage.ServiceAccept);
        await client.SendAsync(new SshWriter().Byte(150).Utf8("extension").WrittenMemory);
        Assert.Equal(5u, SequenceOf(await client.ExpectAsync(SshMessage.Unimplemented)));

        await client.SendAsync(new SshWriter().Byte(SshMessage.UserAuthRequest).Utf8(ServerHarness.User).Utf8("ssh-connection")
            .Utf8("password").Boolean(false).Utf8(ServerHarness.Password).WrittenMemory);
        await client.ExpectAsync(SshMessage.UserAuthSuccess);
    }

    private static uint SequenceOf(byte[] unimplemented) => new SshReader(unimplemented.AsSpan(1)).ReadUInt32();
}
