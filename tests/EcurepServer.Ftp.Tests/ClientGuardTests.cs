using System.Net;
using System.Net.Sockets;
using System.Text;
using EcurepServer.Connections;
using EcurepServer.Ftp.Tests.Infrastructure;
using EcurepServer.TestSupport.Connections;

namespace EcurepServer.Ftp.Tests;

/// <summary>The FTP engine and the host's defender: refusal at accept, and what the engine reports.</summary>
public sealed class ClientGuardTests
{
    private static readonly IPAddress Banned = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task A_banned_address_gets_421_at_connect_before_any_tls_and_others_the_banner()
    {
        var guard = new RecordingGuard(Banned);
        await using var server = await TestServer.StartAsync(guard: guard);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(Banned, 0));
        await socket.ConnectAsync(server.EndPoint);
        var said = await ReadToEndAsync(socket);
        await using var other = await server.ConnectAsync(Other);

        Assert.Equal("421 Service not available: too many failed logins or errors from your address; try again later\r\n", said);
        Assert.Equal(220, other.Greeting.Code);
        Assert.Contains(server.Log.Entries, entry => entry.Message.Contains("the address is banned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connections_that_never_log_in_bounces_and_oversized_lines_are_reported_and_logged_in_sessions_are_not()
    {
        var guard = new RecordingGuard();
        await using var server = await TestServer.StartAsync(o => o.MaxOversizedLines = 1, guard: guard);

        await using (var silent = await server.ConnectAsync(Other))
        {
            Assert.Equal(220, silent.Greeting.Code);
        }

        await using (var bouncer = await server.ConnectAsync(Other))
        {
            await bouncer.SecureLoginAsync();
            Assert.Equal(501, (await bouncer.CommandAsync("PORT 10,1,2,3,200,10")).Code);
            await bouncer.CommandAsync("QUIT");
        }

        await using (var flooder = await server.ConnectAsync(Other))
        {
            Assert.Equal(421, (await flooder.CommandAsync(new string('A', 5000))).Code);
        }

        await Eventually.TrueAsync(() => guard.Reports.Count >= 4);
        Assert.Equal(
            [ClientOffence.NoLogin, ClientOffence.HostileInput, ClientOffence.ProtocolError, ClientOffence.NoLogin],
            guard.Reports.Select(report => report.Offence));
        Assert.All(guard.Reports, report => Assert.Equal(Other, report.Address));
    }

    [Fact]
    public async Task An_address_may_keep_only_so_many_connections_waiting_to_log_in_and_a_login_frees_its_place()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxStartupsPerAddress = 2);
        await using var first = await server.ConnectAsync(Other);
        await using var second = await server.ConnectAsync(Other);

        await using var third = await server.ConnectAsync(Other);
        await using var elsewhere = await server.ConnectAsync();

        Assert.Equal("421 Too many connections waiting to log in; try again later", third.Greeting.Lines[0]);
        Assert.Equal(220, elsewhere.Greeting.Code);
        Assert.Contains(server.Log.Entries, entry => entry.Message.Contains("2 connections from this address are already waiting to log in", StringComparison.Ordinal));

        await first.SecureLoginAsync();
        await using var fourth = await server.ConnectAsync(Other);
        Assert.Equal(220, fourth.Greeting.Code);
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[512];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
