using System.Net;
using EcurepServer.Connections;
using EcurepServer.Connections.ProxyProtocol;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;
using EcurepServer.TestSupport.Connections;

namespace EcurepServer.Ssh.Tests;

/// <summary>
/// The SSH engine behind a load balancer: a trusted balancer's PROXY header names the client that is then banned,
/// scored and logged; a header from anyone else is refused as a protocol error of its sender.
/// </summary>
public sealed class ProxyProtocolTests
{
    private static readonly IPAddress Balancer = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress BannedClient = IPAddress.Parse("198.51.100.9");

    private static ProxyProtocolGate TrustingBalancer => ProxyProtocolGate.From(new ProxyProtocolOptions { TrustedProxies = ["127.0.0.0/30"] });

    [Fact]
    public async Task Through_a_trusted_balancer_the_named_client_is_banned_scored_and_observed_not_the_balancer()
    {
        var guard = new RecordingGuard(BannedClient);
        await using var harness = await ServerHarness.StartAsync(guard: guard, proxyProtocol: TrustingBalancer);
        var server = harness.Server.LocalEndPoint;

        await using (var banned = await RawSshClient.ConnectAsync(server.Port, Balancer))
        {
            await banned.SendAsync(ProxyHeaders.V2(new IPEndPoint(BannedClient, 40000), server));
            var (_, messages, reason) = await banned.ReadUntilClosedAsync();
            Assert.Equal([SshMessage.Disconnect], messages);
            Assert.Equal((uint)SshDisconnectReason.ByApplication, reason);
        }

        await using (var client = await RawSshClient.ConnectAsync(server.Port, Balancer))
        {
            // The client's identification may come in the same segment as the header; none of it may be lost.
            await client.SendAsync([.. ProxyHeaders.V1(new IPEndPoint(Client, 40001), server), .. "SSH-1.5-OldClient\r\n"u8]);
            await client.ReadUntilClosedAsync();
        }

        await Eventually.TrueAsync(() => guard.Reports.Count == 2);
        Assert.Equal([(Client, ClientOffence.ProtocolError), (Client, ClientOffence.NoLogin)], guard.Reports);
        Assert.Equal(new IPEndPoint(Client, 40001), Assert.Single(harness.Observer.Connections).RemoteEndPoint);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("198.51.100.9:40000", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_proxy_header_from_an_address_that_is_not_a_configured_balancer_is_refused_and_scored_against_the_sender(int version)
    {
        var guard = new RecordingGuard();
        await using var harness = await ServerHarness.StartAsync(guard: guard, proxyProtocol: TrustingBalancer);
        var server = harness.Server.LocalEndPoint;
        var spoofed = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000);
        var attacker = IPAddress.Parse("127.0.0.9");

        await using (var client = await RawSshClient.ConnectAsync(server.Port, attacker))
        {
            await client.SendAsync(version == 1 ? ProxyHeaders.V1(spoofed, server) : ProxyHeaders.V2(spoofed, server));
            await client.ReadUntilClosedAsync();
        }

        await Eventually.TrueAsync(() => guard.Reports.Count == 2);
        Assert.Equal([(attacker, ClientOffence.ProtocolError), (attacker, ClientOffence.NoLogin)], guard.Reports);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("not a configured load balancer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connections_still_awaiting_their_proxy_header_count_against_the_session_limit()
    {
        await using var harness = await ServerHarness.StartAsync(new SshServerOptions { MaxSessions = 2 }, proxyProtocol: TrustingBalancer);
        var server = harness.Server.LocalEndPoint;
        await using var silent = await RawSshClient.ConnectAsync(server.Port, Balancer);
        await using var alsoSilent = await RawSshClient.ConnectAsync(server.Port, Balancer);
        await Eventually.TrueAsync(() => harness.Server.AwaitingHeaders == 2);

        await using var refused = await RawSshClient.ConnectAsync(server.Port, Balancer);
        await refused.SendAsync(ProxyHeaders.V2(new IPEndPoint(Client, 40000), server));
        var (_, messages, reason) = await refused.ReadUntilClosedAsync();

        Assert.Equal([SshMessage.Disconnect], messages);
        Assert.Equal((uint)SshDisconnectReason.TooManyConnections, reason);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("PROXY header is still awaited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_balancer_health_check_and_a_bad_header_from_a_balancer_are_closed_unscored()
    {
        var guard = new RecordingGuard();
        await using var harness = await ServerHarness.StartAsync(guard: guard, proxyProtocol: TrustingBalancer);
        var server = harness.Server.LocalEndPoint;

        await using (var check = await RawSshClient.ConnectAsync(server.Port, Balancer))
        {
            await check.SendAsync(ProxyHeaders.V2Local());
            Assert.Equal(string.Empty, (await check.ReadUntilClosedAsync()).Version);
        }

        await using (var bad = await RawSshClient.ConnectAsync(server.Port, Balancer))
        {
            await bad.SendAsync("SSH-2.0-NotAHeader\r\n");
            Assert.Equal(string.Empty, (await bad.ReadUntilClosedAsync()).Version);
        }

        Assert.Empty(guard.Reports);
        Assert.Empty(harness.Observer.Connections);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("did not start with a PROXY protocol header", StringComparison.Ordinal));
    }
}
