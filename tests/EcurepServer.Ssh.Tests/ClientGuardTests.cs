using System.Net;
using System.Net.Sockets;
using EcurepServer.Connections;
using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;
using EcurepServer.TestSupport.Connections;

namespace EcurepServer.Ssh.Tests;

/// <summary>The SSH engine and the host's defender: refusal at accept, what the engine reports, pre-authentication limits.</summary>
public sealed class ClientGuardTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_banned_address_gets_a_disconnect_before_any_key_exchange()
    {
        var guard = new RecordingGuard(IPAddress.Loopback);
        await using var harness = await ServerHarness.StartAsync(guard: guard);

        await using (var client = await RawSshClient.ConnectAsync(harness.Server.LocalEndPoint.Port))
        {
            var (version, messages, reason) = await client.ReadUntilClosedAsync();
            Assert.Equal("SSH-2.0-EcurepServer", version);
            Assert.Equal([SshMessage.Disconnect], messages);
            Assert.Equal((uint)SshDisconnectReason.ByApplication, reason);
        }

        var result = await ExternalProcess.RunAsync("ssh", harness.SshArguments("-o", "BatchMode=yes", "-o", "LogLevel=INFO", $"{ServerHarness.User}@127.0.0.1", "true"), timeout: ClientTimeout);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("too many failed logins or errors from your address; try again later", result.Error, StringComparison.Ordinal);
        Assert.Empty(harness.Observer.Connections);
        Assert.Empty(guard.Reports);
    }

    [Fact]
    public async Task A_protocol_error_and_a_connection_that_never_logs_in_are_reported_and_an_authenticated_one_is_not()
    {
        var guard = new RecordingGuard();
        await using var harness = await ServerHarness.StartAsync(new SshServerOptions { IdleTimeout = TimeSpan.FromSeconds(1) }, guard);
        var key = await harness.AuthorizeNewKeyAsync("ed25519");

        await using (var client = await RawSshClient.ConnectAsync(harness.Server.LocalEndPoint.Port))
        {
            await client.SendAsync("SSH-1.5-OldClient\r\n");
            await client.ReadUntilClosedAsync();
        }

        await Eventually.TrueAsync(() => guard.Reports.Count == 2);
        var authenticated = await ExternalProcess.RunAsync(
            "ssh",
            harness.SshArguments("-N", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=INFO", $"{ServerHarness.User}@127.0.0.1"),
            timeout: ClientTimeout);
        await Eventually.TrueAsync(() => harness.Observer.Connections.Count == 2 && harness.Observer.Connections[1].Events.LastOrDefault() is RecordingSshObserver.Ended);

        Assert.Contains("idle timeout", authenticated.Error, StringComparison.Ordinal);
        Assert.Equal([ClientOffence.ProtocolError, ClientOffence.NoLogin], guard.Reports.Select(report => report.Offence));
    }

    [Fact]
    public async Task An_address_may_keep_only_so_many_connections_waiting_to_authenticate_and_authenticating_frees_its_place()
    {
        await using var harness = await ServerHarness.StartAsync(new SshServerOptions { MaxStartupsPerAddress = 1 });
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        using (var silent = new TcpClient())
        {
            await silent.ConnectAsync(harness.Server.LocalEndPoint);
            await Eventually.TrueAsync(() => harness.Observer.Connections.Count == 1);

            var refused = await ExternalProcess.RunAsync("ssh", harness.SshArguments("-o", "BatchMode=yes", "-o", "LogLevel=INFO", $"{ServerHarness.User}@127.0.0.1", "true"), timeout: ClientTimeout);

            Assert.Equal(255, refused.ExitCode);
            Assert.Contains("too many connections waiting to log in; try again later", refused.Error, StringComparison.Ordinal);
            Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("1 connections from this address are already waiting to log in", StringComparison.Ordinal));
        }

        await Eventually.TrueAsync(() => harness.Observer.Connections[0].Events.LastOrDefault() is RecordingSshObserver.Ended);
        using var holder = ExternalProcess.Start(
            "ssh", harness.SshArguments("-N", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", $"{ServerHarness.User}@127.0.0.1"));
        try
        {
            await Eventually.TrueAsync(() => harness.Logger.Entries.Any(e => e.Message.Contains("authenticated with publickey", StringComparison.Ordinal)), "the holder to authenticate", ClientTimeout);
            using var next = new TcpClient();
            await next.ConnectAsync(harness.Server.LocalEndPoint);
            await Eventually.TrueAsync(() => harness.Observer.Connections.Count == 3, "the next connection to be served", ClientTimeout);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }
    }
}
