using EcurepServer.Ssh.Tests.Support;
using static EcurepServer.Ssh.Tests.Support.RecordingSshObserver;

namespace EcurepServer.Ssh.Tests;

/// <summary>What the server tells the host's <see cref="ISshSessionObserver"/> about real OpenSSH connections.</summary>
public sealed class SessionObserverTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_connection_is_followed_from_the_versions_to_its_end_and_the_password_is_never_told()
    {
        await using var harness = await ServerHarness.StartAsync();

        var result = await ExternalProcess.RunAsync(
            harness.AskPassSsh("password", "-c", "chacha20-poly1305@openssh.com", $"{ServerHarness.User}@127.0.0.1", "scp", "-O", "-t", "/toibm"), timeout: ClientTimeout);

        Assert.Equal(1, result.ExitCode);
        var connection = await harness.Observer.EndedAsync();
        var events = connection.Events;
        var versions = Assert.IsType<Versions>(events[0]);
        Assert.StartsWith("SSH-2.0-OpenSSH", versions.Client, StringComparison.Ordinal);
        Assert.Equal("SSH-2.0-EcurepServer", versions.Server);
        var inits = events.OfType<SshKexInit>().ToList();
        Assert.Equal([(true, 1), (false, 1)], inits.Select(init => (init.FromClient, init.Exchange)));
        Assert.Equal(["chacha20-poly1305@openssh.com"], inits[0].CiphersClientToServer);
        Assert.Contains("kex-strict-c-v00@openssh.com", inits[0].Kex);
        Assert.Contains("kex-strict-s-v00@openssh.com", inits[1].Kex);
        var exchange = Assert.Single(events.OfType<SshKeyExchange>());
        Assert.Equal(
            (1, "chacha20-poly1305@openssh.com", (string?)null, "chacha20-poly1305@openssh.com", (string?)null, true, true),
            (exchange.Exchange, exchange.CipherClientToServer, exchange.MacClientToServer, exchange.CipherServerToClient, exchange.MacServerToClient, exchange.StrictKex, exchange.ExtInfo));
        Assert.Contains(new SshAuthAttempt(ServerHarness.User, "password", SshAuthOutcome.Success), events);
        Assert.Contains(new SshChannelOpen("session", 0, null), events);
        var exec = Assert.Single(events.OfType<SshChannelRequest>(), request => request.Type == "exec");
        Assert.Equal(("scp -O -t /toibm", false), (exec.Argument, exec.Served));
        Assert.Equal(new Ended(SshEndReason.ClientDisconnected, "disconnected by user"), events[^1]);
        Assert.True(events.ToList().IndexOf(exchange) < events.ToList().IndexOf(exec));
        Assert.DoesNotContain(ServerHarness.Password, string.Join('\n', events.Select(e => e.ToString())), StringComparison.Ordinal);
        Assert.Equal(connection.ConnectionId, Assert.Single(harness.Logger.Entries, e => e.Message.Contains("authenticated with password", StringComparison.Ordinal))
            .Scope.Single(p => p.Key == "SessionId").Value);
    }

    [Fact]
    public async Task A_public_key_login_names_the_key_type_and_fingerprint()
    {
        await using var harness = await ServerHarness.StartAsync();
        var (path, key) = await harness.NewKeyAsync("ed25519");
        harness.Authenticator.AuthorizedKeys.Add(key);

        await ExternalProcess.RunAsync(
            "ssh", harness.SshArguments("-T", "-i", path, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", $"{ServerHarness.User}@127.0.0.1"), timeout: ClientTimeout);

        var events = (await harness.Observer.EndedAsync()).Events;
        Assert.Contains(new SshAuthAttempt(ServerHarness.User, "publickey", SshAuthOutcome.KeyAcceptable, "ssh-ed25519", key.Fingerprint), events);
        Assert.Contains(new SshAuthAttempt(ServerHarness.User, "publickey", SshAuthOutcome.Success, "ssh-ed25519", key.Fingerprint), events);
        Assert.Contains(events, e => e is SshChannelRequest { Type: "shell", Served: false });
    }

    [Fact]
    public async Task An_idle_connection_ends_with_the_idle_timeout()
    {
        await using var harness = await ServerHarness.StartAsync(new SshServerOptions { IdleTimeout = TimeSpan.FromSeconds(1) });
        var key = await harness.AuthorizeNewKeyAsync("ed25519");

        await ExternalProcess.RunAsync(
            "ssh", harness.SshArguments("-N", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", $"{ServerHarness.User}@127.0.0.1"), timeout: ClientTimeout);

        Assert.Equal(SshEndReason.IdleTimeout, Assert.IsType<Ended>((await harness.Observer.EndedAsync()).Events[^1]).Reason);
    }

    [Theory]
    [InlineData(SshEndReason.ClientVanished)]
    [InlineData(SshEndReason.ServerStop)]
    public async Task A_client_killed_under_a_transfer_and_a_server_stop_each_end_the_connection_with_their_reason(SshEndReason reason)
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        // ssh alone, fed by the test: killing it is the client vanishing; a feeding process killed first would let ssh
        // see the end of its input and leave politely.
        using var client = ExternalProcess.Start(
            "ssh", harness.SshArguments("-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-s", $"{ServerHarness.User}@127.0.0.1", "sink"), redirectInput: true);
        var feed = FeedZerosAsync(client.StandardInput.BaseStream);
        try
        {
            await Eventually.TrueAsync(() => harness.Observer.Connections.SingleOrDefault()?.Events.Any(e => e is SshChannelRequest { Type: "subsystem" }) == true, "the sftp subsystem to be requested", ClientTimeout);
            if (reason == SshEndReason.ClientVanished)
            {
                client.Kill();
            }
            else
            {
                await harness.Server.StopAsync(new CancellationToken(canceled: true));
            }

            Assert.Equal(reason, Assert.IsType<Ended>((await harness.Observer.EndedAsync()).Events[^1]).Reason);
        }
        finally
        {
            client.Kill();
            await client.WaitForExitAsync();
            await feed;
        }
    }

    /// <summary>Writes zeros into <paramref name="input"/> until the process behind it is gone.</summary>
    private static async Task FeedZerosAsync(Stream input)
    {
        var zeros = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await input.WriteAsync(zeros);
            }
        }
        catch (IOException)
        {
            // ssh is gone, and with it the feed's reader.
        }
    }
}
