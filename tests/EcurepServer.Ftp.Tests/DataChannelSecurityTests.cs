using System.Net;
using System.Net.Sockets;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

public sealed class DataChannelSecurityTests
{
    private static readonly IPAddress OtherLoopback = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Port_to_a_foreign_address_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        Assert.Equal("501 PORT to a foreign address is not allowed", (await client.CommandAsync("PORT 127,0,0,2,200,10")).Lines[0]);
        Assert.Equal(501, (await client.CommandAsync("EPRT |1|127.0.0.2|51210|")).Code);
        Assert.Equal("522 Network protocol not supported, use (1)", (await client.CommandAsync("EPRT |2|::1|51210|")).Lines[0]);
        Assert.Equal("501 PORT to a port below 1024 is not allowed", (await client.CommandAsync("PORT 127,0,0,1,0,21")).Lines[0]);
        Assert.Equal(501, (await client.CommandAsync("PORT 127,0,0,1,300,1")).Code);
        Assert.Equal("522 Network protocol not supported, use (1)", (await client.CommandAsync("EPRT |3|127.0.0.1|5000|")).Lines[0]);
        Assert.Equal(501, (await client.CommandAsync("EPRT |x|127.0.0.1|5000|")).Code);
        Assert.Equal(425, (await client.CommandAsync("STOR /toibm/aix/x")).Code);
    }

    [Fact]
    public async Task Passive_connection_from_a_foreign_address_is_closed_and_the_real_client_served()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync(protectData: false);
        var data = await client.ExtendedPassiveAsync();
        using var intruder = await FtpTestClient.ConnectDataAsync(data, OtherLoopback);
        await client.SendAsync("STOR /toibm/aix/x.bin");

        Assert.Equal(0, await ReadUntilClosedAsync(intruder));
        using var socket = await FtpTestClient.ConnectDataAsync(data);
        Assert.Equal(150, (await client.ReadReplyAsync()).Code);
        await socket.SendAsync(new byte[] { 1, 2, 3 });
        socket.Close();

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        Assert.Equal([1, 2, 3], Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Fact]
    public async Task Passive_connection_only_from_a_foreign_address_ends_with_425()
    {
        await using var server = await TestServer.StartAsync(o => o.DataConnectionAcceptTimeout = TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        using var intruder = await FtpTestClient.ConnectDataAsync(await client.ExtendedPassiveAsync(), OtherLoopback);

        var reply = await client.CommandAsync("STOR /toibm/aix/x.bin");

        Assert.Equal("425 Can't open data connection.", reply.Lines[0]);
        Assert.Empty(server.DropBox.Delivered);
    }

    [Theory]
    [InlineData("127.0.0.1", 1)]
    [InlineData("::ffff:127.0.0.1", 1)]
    [InlineData("::1", 2)]
    public void The_network_protocol_a_connection_supports_follows_its_address_family(string address, int protocol) =>
        Assert.Equal(protocol, Data.EndpointRules.NetworkProtocol(System.Net.IPAddress.Parse(address)));

    [Fact]
    public async Task Epsv_all_locks_out_the_other_data_commands()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        Assert.Equal(200, (await client.CommandAsync("EPSV ALL")).Code);
        Assert.Equal(501, (await client.CommandAsync("PASV")).Code);
        Assert.Equal(501, (await client.CommandAsync("PORT 127,0,0,1,200,10")).Code);
        Assert.Equal("522 Network protocol not supported, use (1)", (await client.CommandAsync("EPSV 2")).Lines[0]);
        Assert.Equal("522 Network protocol not supported, use (1)", (await client.CommandAsync("EPSV 3")).Lines[0]);
        Assert.Equal(501, (await client.CommandAsync("EPSV x")).Code);
        Assert.Equal(229, (await client.CommandAsync("EPSV 1")).Code);
    }

    [Fact]
    public async Task Pasv_advertises_the_configured_nat_address()
    {
        await using var server = await TestServer.StartAsync(o => o.PassiveAddress = IPAddress.Parse("192.109.81.10"));
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        var reply = await client.CommandAsync("PASV");

        Assert.Matches(@"^227 Entering Passive Mode \(192,109,81,10,\d+,\d+\)\.$", reply.Lines[0]);
    }

    [Fact]
    public async Task Sessions_over_the_per_address_limit_are_refused()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxSessionsPerAddress = 1);
        await using var first = await server.ConnectAsync();

        await using var second = await server.ConnectAsync();

        Assert.Equal(220, first.Greeting!.Code);
        Assert.Equal("421 Too many connections; try again later", second.Greeting!.Lines[0]);
    }

    private static async Task<int> ReadUntilClosedAsync(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[16]).WaitAsync(Eventually.Deadline);
        }
        catch (SocketException)
        {
            return 0;
        }
    }
}
