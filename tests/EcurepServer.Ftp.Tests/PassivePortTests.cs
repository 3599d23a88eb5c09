using System.Net;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// Passive ports are a shared, small resource (65024-65535 for all three sites): a port announced by PASV/EPSV and
/// never used goes back after the accept timeout, and one client address holds only so many at once.
/// </summary>
public sealed class PassivePortTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Many_sessions_from_one_address_holding_passive_ports_leave_a_normal_client_able_to_upload()
    {
        // Ten ports, and an attacker with as many sessions as one address may open (16 by default) that each
        // announce a passive port and never connect. The default cap (8 per address) keeps ports for others. The
        // clock stands still, so no announced port goes back on its own however slowly the machine runs.
        await using var server = await TestServer.StartAsync(o => (o.PassivePortMin, o.PassivePortMax) = SmallRange(10), time: new ManualTimeProvider());
        var pool = server.PassivePorts;
        var defaults = new FtpServerOptions();
        var attackers = new List<FtpTestClient>();
        try
        {
            var replies = new List<FtpReplyMessage>();
            for (var i = 0; i < defaults.MaxSessionsPerAddress; i++)
            {
                var attacker = await server.ConnectAsync(Attacker);
                attackers.Add(attacker);
                await attacker.SecureLoginAsync();
                replies.Add(await attacker.CommandAsync("EPSV"));
            }

            await using var client = await server.ConnectAsync();
            await client.SecureLoginAsync();
            var content = DataTransfers.RandomBytes(64 * 1024);
            var (_, final) = await DataTransfers.UploadAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/victim.bin", content, protect: true);

            Assert.Equal(226, final.Code);
            Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
            Assert.Equal(defaults.MaxPassivePortsPerAddress, replies.Count(reply => reply.Code == 229));
            Assert.All(
                replies.Where(reply => reply.Code != 229),
                reply => Assert.Equal("425 Too many passive ports open from your address; finish or quit other sessions first", reply.Lines[0]));
            Assert.Equal(defaults.MaxPassivePortsPerAddress, pool.HeldBy(Attacker));
        }
        finally
        {
            foreach (var attacker in attackers)
            {
                await attacker.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_passive_port_nobody_uses_goes_back_to_the_pool_after_the_accept_timeout()
    {
        // One port: while the first session holds it, nobody else gets one; once it is given back, they do.
        var time = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(
            o =>
            {
                (o.PassivePortMin, o.PassivePortMax) = SmallRange(1);
                o.DataConnectionAcceptTimeout = TimeSpan.FromSeconds(2);
            },
            time: time);
        var pool = server.PassivePorts;
        await using var idle = await server.ConnectAsync();
        await idle.SecureLoginAsync();
        await using var other = await server.ConnectAsync(Attacker);
        await other.SecureLoginAsync();

        Assert.Equal(229, (await idle.CommandAsync("EPSV")).Code);
        Assert.Equal("425 No passive port available; try again later", (await other.CommandAsync("EPSV")).Lines[0]);
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(1, pool.HeldBy(IPAddress.Loopback));

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(0, pool.HeldBy(IPAddress.Loopback));
        Assert.Equal(229, (await other.CommandAsync("EPSV")).Code);

        var late = await idle.CommandAsync("STOR /toibm/aix/late.bin");
        Assert.Equal("425 Passive port closed: no transfer command within 2 seconds; send PASV or EPSV again", late.Lines[0]);
        Assert.Empty(server.DropBox.Delivered);
        Assert.Equal(200, (await idle.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task A_late_transfer_command_after_the_port_went_back_gets_425_and_the_next_pasv_works()
    {
        var time = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(o => o.DataConnectionAcceptTimeout = TimeSpan.FromSeconds(2), time: time);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var pool = server.PassivePorts;

        Assert.Equal(227, (await client.CommandAsync("PASV")).Code);
        Assert.Equal(1, pool.HeldBy(IPAddress.Loopback));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, pool.HeldBy(IPAddress.Loopback));

        Assert.Equal(
            "425 Passive port closed: no transfer command within 2 seconds; send PASV or EPSV again",
            (await client.CommandAsync("STOR /toibm/aix/late.bin")).Lines[0]);
        Assert.Equal("425 Use PORT, PASV, EPRT or EPSV first", (await client.CommandAsync("STOR /toibm/aix/late.bin")).Lines[0]);

        var content = DataTransfers.RandomBytes(4096);
        var (_, final) = await DataTransfers.UploadAsync(client, await client.PassiveAsync(), "STOR /toibm/aix/again.bin", content, protect: true);
        Assert.Equal(226, final.Code);
        Assert.Equal(content, Assert.Single(server.DropBox.Delivered).Bytes);
        Assert.Equal(0, pool.HeldBy(IPAddress.Loopback));
    }

    [Fact]
    public async Task A_session_that_announces_again_holds_one_port_and_quitting_gives_it_back()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxPassivePortsPerAddress = 1);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var pool = server.PassivePorts;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(229, (await client.CommandAsync("EPSV")).Code);
            Assert.Equal(227, (await client.CommandAsync("PASV")).Code);
        }

        Assert.Equal(1, pool.HeldBy(IPAddress.Loopback));
        Assert.Equal(221, (await client.CommandAsync("QUIT")).Code);
        await Eventually.TrueAsync(() => pool.HeldBy(IPAddress.Loopback) == 0, "the session's passive port to be given back");
    }

    [Fact]
    public void The_cap_counts_ports_per_client_address_across_servers_sharing_the_pool()
    {
        var pool = new PassivePortPool(0, 0);
        var first = pool.Listen(IPAddress.Loopback, IPAddress.Parse("::ffff:192.0.2.7"), 2, out _);
        var second = pool.Listen(IPAddress.Loopback, IPAddress.Parse("192.0.2.7"), 2, out _);

        Assert.Null(pool.Listen(IPAddress.Loopback, IPAddress.Parse("192.0.2.7"), 2, out var shortage));
        Assert.Equal(PassivePortShortage.AddressLimit, shortage);
        using var other = pool.Listen(IPAddress.Loopback, IPAddress.Parse("192.0.2.8"), 2, out _);
        Assert.NotNull(other);

        first!.Dispose();
        first.Dispose();
        Assert.Equal(1, pool.HeldBy(IPAddress.Parse("192.0.2.7")));
        second!.Dispose();
        Assert.Equal(0, pool.HeldBy(IPAddress.Parse("192.0.2.7")));
    }

    /// <summary>A range below Linux's ephemeral ports (32768 and up), different for each test, so nothing else holds its ports.</summary>
    private static (int Min, int Max) SmallRange(int size)
    {
        var min = 20000 + (Random.Shared.Next(0, 1000) * 10);
        return (min, min + size - 1);
    }
}
