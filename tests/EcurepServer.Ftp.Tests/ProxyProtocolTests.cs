using System.Net;
using System.Net.Sockets;
using EcurepServer.Connections;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Ftp.Tests.Infrastructure;
using EcurepServer.TestSupport;
using EcurepServer.TestSupport.Connections;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// The FTP engine behind a load balancer: a trusted balancer's PROXY header names the client that is then banned,
/// limited and checked; a header from anyone else is refused and believes nothing.
/// </summary>
public sealed class ProxyProtocolTests
{
    private static readonly IPAddress Balancer = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress OtherClient = IPAddress.Parse("127.0.0.4");
    private static readonly IPAddress BannedClient = IPAddress.Parse("198.51.100.9");

    private static ProxyProtocolGate TrustingBalancer => ProxyProtocolGate.From(new ProxyProtocolOptions { TrustedProxies = [Balancer.ToString()] });

    [Fact]
    public async Task Through_a_trusted_balancer_the_named_client_is_banned_limited_and_scored_not_the_balancer()
    {
        var guard = new RecordingGuard(BannedClient);
        await using var server = await TestServer.StartAsync(o => o.MaxSessionsPerAddress = 1, guard: guard, proxyProtocol: TrustingBalancer);

        await using var first = await server.ConnectAsync(Balancer, Header(Client, server));
        await using var sameClient = await server.ConnectAsync(Balancer, Header(Client, server));
        await using var otherClient = await server.ConnectAsync(Balancer, Header(OtherClient, server));
        await using var banned = await server.ConnectAsync(Balancer, ProxyHeaders.V1(new IPEndPoint(BannedClient, 40000), server.EndPoint));

        Assert.Equal(220, first.Greeting.Code);
        Assert.Equal("421 Too many connections; try again later", sameClient.Greeting.Lines[0]);
        Assert.Equal(220, otherClient.Greeting.Code);
        Assert.Equal("421 Service not available: too many failed logins or errors from your address; try again later", banned.Greeting.Lines[0]);
        Assert.Contains(server.Log.Entries, entry => entry.Message.Contains("198.51.100.9:40000", StringComparison.Ordinal));

        first.Kill();
        await Eventually.TrueAsync(() => guard.Reports.Count >= 1);
        Assert.Equal((Client, ClientOffence.NoLogin), guard.Reports[0]);
        Assert.DoesNotContain(guard.Reports, report => report.Address.Equals(Balancer));
    }

    [Fact]
    public async Task The_passive_data_connection_must_come_from_the_client_the_header_named_not_from_the_balancer()
    {
        await using var server = await TestServer.StartAsync(proxyProtocol: TrustingBalancer);
        await using var client = await server.ConnectAsync(Balancer, Header(Client, server));
        await client.SecureLoginAsync(protectData: false);
        var data = await client.ExtendedPassiveAsync();
        using var fromBalancer = await FtpTestClient.ConnectDataAsync(data, Balancer);
        await client.SendAsync("STOR /toibm/aix/x.bin");

        Assert.Equal(0, await ReadUntilClosedAsync(fromBalancer));
        using var socket = await FtpTestClient.ConnectDataAsync(data, Client);
        Assert.Equal(150, (await client.ReadReplyAsync()).Code);
        await socket.SendAsync(new byte[] { 1, 2, 3 });
        socket.Close();

        Assert.Equal(226, (await client.ReadReplyAsync()).Code);
        Assert.Equal([1, 2, 3], Assert.Single(server.DropBox.Delivered).Bytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_proxy_header_from_an_address_that_is_not_a_configured_balancer_is_refused_and_scored_against_the_sender(int version)
    {
        var guard = new RecordingGuard();
        await using var server = await TestServer.StartAsync(guard: guard, proxyProtocol: TrustingBalancer);
        var spoofed = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000);
        await using var attacker = await server.ConnectAsync(Client);

        await attacker.SendRawAsync(version == 1 ? ProxyHeaders.V1(spoofed, server.EndPoint) : ProxyHeaders.V2(spoofed, server.EndPoint));

        Assert.Equal(220, attacker.Greeting.Code);
        Assert.Equal("421 Service not available: a PROXY protocol header is accepted only from a configured load balancer", (await attacker.ReadReplyAsync()).Lines[0]);
        Assert.True(await attacker.IsClosedByServerAsync());
        await Eventually.TrueAsync(() => guard.Reports.Count >= 2);
        Assert.All(guard.Reports, report => Assert.Equal(Client, report.Address));
        Assert.Contains((Client, ClientOffence.ProtocolError), guard.Reports);
    }

    [Fact]
    public async Task A_client_behind_the_balancer_cannot_add_a_header_of_its_own()
    {
        var guard = new RecordingGuard();
        await using var server = await TestServer.StartAsync(guard: guard, proxyProtocol: TrustingBalancer);
        await using var client = await server.ConnectAsync(Balancer, Header(Client, server));

        await client.SendRawAsync(ProxyHeaders.V1(new IPEndPoint(OtherClient, 1), server.EndPoint));

        Assert.Equal(421, (await client.ReadReplyAsync()).Code);
        await Eventually.TrueAsync(() => guard.Reports.Count >= 1);
        Assert.All(guard.Reports, report => Assert.Equal(Client, report.Address));
    }

    [Fact]
    public async Task A_trusted_balancer_without_a_valid_header_is_closed_unserved_and_its_health_check_is_not_scored()
    {
        var guard = new RecordingGuard();
        await using var server = await TestServer.StartAsync(guard: guard, proxyProtocol: TrustingBalancer);

        using var garbage = await ConnectRawAsync(Balancer, server, "USER anonymous\r\n"u8.ToArray());
        using var local = await ConnectRawAsync(Balancer, server, ProxyHeaders.V2Local());
        using var badFamily = await ConnectRawAsync(Balancer, server, ProxyHeaders.V2Raw(0x21, 0x31, new byte[216]));

        Assert.Equal(0, await ReadUntilClosedAsync(garbage));
        Assert.Equal(0, await ReadUntilClosedAsync(local));
        Assert.Equal(0, await ReadUntilClosedAsync(badFamily));
        Assert.Contains(server.Log.Entries, entry => entry.Message.Contains("did not start with a PROXY protocol header", StringComparison.Ordinal));
        Assert.Contains(server.Log.Entries, entry => entry.Message.Contains("neither IPv4 nor IPv6", StringComparison.Ordinal));
        Assert.Equal(0, server.Server.SessionCount);
        Assert.Empty(guard.Reports);
    }

    [Fact]
    public async Task Connections_still_awaiting_their_proxy_header_count_against_the_session_limit()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxSessions = 2, proxyProtocol: TrustingBalancer);
        using var silent = await ConnectRawAsync(Balancer, server, []);
        using var alsoSilent = await ConnectRawAsync(Balancer, server, []);

        await using var refused = await server.ConnectAsync(Balancer, Header(Client, server));

        Assert.Equal("421 Too many connections; try again later", refused.Greeting.Lines[0]);
        Assert.Contains(server.Log.Entries, entry => entry.Message.Contains("PROXY header is still awaited", StringComparison.Ordinal));
    }

    private static byte[] Header(IPAddress client, TestServer server) => ProxyHeaders.V2(new IPEndPoint(client, 40000), server.EndPoint);

    private static async Task<Socket> ConnectRawAsync(IPAddress from, TestServer server, byte[] bytes)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(server.EndPoint);
        await socket.SendAsync(bytes);
        return socket;
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
