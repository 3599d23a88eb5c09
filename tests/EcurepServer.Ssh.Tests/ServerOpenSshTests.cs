using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>OpenSSH's ssh client against a real <see cref="SshServer"/>: authentication methods, refusals, subsystems.</summary>
public sealed class ServerOpenSshTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("password")]
    [InlineData("keyboard-interactive")]
    public async Task PasswordMethodsLogInAndACommandIsRefusedWithExitStatusOne(string method)
    {
        await using var harness = await ServerHarness.StartAsync();

        var result = await ExternalProcess.RunAsync(harness.AskPassSsh(method, $"{ServerHarness.User}@127.0.0.1", "scp", "-t", "/toibm"), timeout: ClientTimeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Secure Copy and shell access are not supported", result.Error, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains($"authenticated with {method}", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> EveryAlgorithm()
    {
        var data = new TheoryData<string, string>();
        foreach (var cipher in SshServerOptions.DefaultCiphers)
        {
            data.Add("-c", cipher);
        }

        foreach (var kex in OpenSsh92.KexAlgorithms)
        {
            data.Add("-oKexAlgorithms", kex);
        }

        foreach (var hostKey in SshServerOptions.DefaultHostKeyAlgorithms)
        {
            data.Add("-oHostKeyAlgorithms", hostKey);
        }

        foreach (var mac in SshServerOptions.DefaultMacs)
        {
            data.Add("-oMACs", mac);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryAlgorithm))]
    public async Task PasswordLoginCompletesWithEveryAlgorithm(string option, string algorithm)
    {
        await using var harness = await ServerHarness.StartAsync();
        string[] choice = option == "-c" ? ["-c", algorithm] : ["-o", $"{option[2..]}={algorithm}"];
        string[] cipherForMac = option == "-oMACs" ? ["-c", "aes128-ctr"] : [];

        var result = await ExternalProcess.RunAsync(harness.AskPassSsh("password", [.. choice, .. cipherForMac, $"{ServerHarness.User}@127.0.0.1", "true"]), timeout: ClientTimeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Secure Copy and shell access are not supported", result.Error, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("authenticated with password", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ed25519", null)]
    [InlineData("ecdsa", 256)]
    [InlineData("ecdsa", 384)]
    [InlineData("ecdsa", 521)]
    [InlineData("rsa", 3072)]
    public async Task PublicKeysLogInAndAShellIsRefused(string type, int? bits)
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync(type, bits);

        var result = await ExternalProcess.RunAsync(
            "ssh",
            harness.SshArguments("-T", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", $"{ServerHarness.User}@127.0.0.1"),
            timeout: ClientTimeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not supported on this server", result.Error, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("authenticated with publickey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LegacyScpGetsTheRefusalInsteadOfAHang()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        var file = Path.Combine(harness.WorkDirectory, "file.txt");
        await File.WriteAllTextAsync(file, "data");

        var result = await ExternalProcess.RunAsync(
            "scp",
            ["-O", "-F", "/dev/null", "-P", harness.Port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", file, $"{ServerHarness.User}@127.0.0.1:/toibm/file.txt"],
            timeout: ClientTimeout);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Secure Copy and shell access are not supported", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnauthorizedKeyIsRefused()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        harness.Authenticator.AuthorizedKeys.Clear();

        var result = await ExternalProcess.RunAsync(
            "ssh",
            harness.SshArguments("-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", $"{ServerHarness.User}@127.0.0.1", "true"),
            timeout: ClientTimeout);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Permission denied", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASubsystemEchoesWhatTheClientSends()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");

        var result = await ExternalProcess.RunAsync(
            "ssh",
            harness.SshArguments("-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-s", $"{ServerHarness.User}@127.0.0.1", "echo"),
            timeout: ClientTimeout,
            input: "hello through the channel\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello through the channel\n", result.Output);
    }

    [Fact]
    public async Task AnUnknownSubsystemIsRefused()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");

        var result = await ExternalProcess.RunAsync(
            "ssh",
            harness.SshArguments("-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-s", $"{ServerHarness.User}@127.0.0.1", "no-such-subsystem"),
            timeout: ClientTimeout);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("subsystem request failed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGibibyteStreamSurvivesClientRekeys()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        var hashFile = Path.Combine(harness.WorkDirectory, "sent.sha256");
        var ssh = string.Join(' ', harness.SshArguments("-v", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "RekeyLimit=64M", "-s", $"{ServerHarness.User}@127.0.0.1", "sink"));

        var result = await ExternalProcess.RunAsync(
            "bash",
            ["-c", $"set -o pipefail; head -c 1G /dev/urandom | tee >(sha256sum | cut -d' ' -f1 > '{hashFile}') | ssh {ssh}"],
            timeout: TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.Error[^Math.Min(2000, result.Error.Length)..]);
        var (bytes, sha256) = await harness.Sink.Finished.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1L << 30, bytes);
        // bash does not wait for the process substitution that writes the client-side hash.
        await Eventually.TrueAsync(() => File.Exists(hashFile) && File.ReadAllText(hashFile).Trim().Length == 64);
        Assert.Equal((await File.ReadAllTextAsync(hashFile)).Trim(), sha256);
        var keyExchanges = result.Error.Split('\n').Count(line => line.Contains("SSH2_MSG_NEWKEYS received", StringComparison.Ordinal));
        Assert.True(keyExchanges >= 10, $"only {keyExchanges} key exchanges");
    }

    [Theory]
    [InlineData("address", "too many connections from your address", "more than 1 connections from one address")]
    [InlineData("server", "too many connections; try again later", "already serves 1 connections")]
    public async Task ConnectionsBeyondALimitAreRefusedWithItsReason(string limit, string told, string logged)
    {
        var options = limit == "address" ? new SshServerOptions { MaxSessionsPerAddress = 1 } : new SshServerOptions { MaxSessions = 1 };
        await using var harness = await ServerHarness.StartAsync(options);
        using var holder = new System.Net.Sockets.TcpClient();
        await holder.ConnectAsync(harness.Server.LocalEndPoint);
        await Eventually.TrueAsync(() => harness.Logger.Entries.Any(e => e.Message.StartsWith("SSH connection accepted", StringComparison.Ordinal)));

        var result = await ExternalProcess.RunAsync("ssh", harness.SshArguments("-o", "BatchMode=yes", "-o", "LogLevel=INFO", $"{ServerHarness.User}@127.0.0.1", "true"), timeout: ClientTimeout);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains(told, result.Error, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains(logged, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnIdleSessionIsDisconnected()
    {
        await using var harness = await ServerHarness.StartAsync(new SshServerOptions { IdleTimeout = TimeSpan.FromSeconds(1) });
        var key = await harness.AuthorizeNewKeyAsync("ed25519");

        var result = await ExternalProcess.RunAsync(
            "ssh",
            harness.SshArguments("-N", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=INFO", $"{ServerHarness.User}@127.0.0.1"),
            timeout: ClientTimeout);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("idle timeout", result.Error, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("closed: idle for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopClosesSessionsThatOutliveTheGracePeriod()
    {
        var harness = await ServerHarness.StartAsync();
        await using (harness)
        {
            var key = await harness.AuthorizeNewKeyAsync("ed25519");
            var client = ExternalProcess.RunAsync(
                "ssh",
                harness.SshArguments("-N", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=INFO", $"{ServerHarness.User}@127.0.0.1"),
                timeout: ClientTimeout);
            await Eventually.TrueAsync(() => harness.Logger.Entries.Any(e => e.Message.Contains("authenticated with publickey", StringComparison.Ordinal)));

            using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await harness.Server.StopAsync(grace.Token);

            var result = await client;
            Assert.Contains("server shutting down", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryConnectionLogsInItsOwnScope()
    {
        await using var harness = await ServerHarness.StartAsync();

        await ExternalProcess.RunAsync(harness.AskPassSsh("password", $"{ServerHarness.User}@127.0.0.1", "true"), timeout: ClientTimeout);

        var authenticated = Assert.Single(harness.Logger.Entries, e => e.Message.Contains("authenticated with password", StringComparison.Ordinal));
        Assert.Contains(authenticated.Scope, p => p.Key == "SessionId" && p.Value is string { Length: > 0 });
        await Eventually.TrueAsync(() => harness.Logger.Entries.Any(e => e.Message.Contains("closed", StringComparison.Ordinal)
            && e.Scope.Any(p => p.Key == "User" && (string?)p.Value == ServerHarness.User)));
    }
}
