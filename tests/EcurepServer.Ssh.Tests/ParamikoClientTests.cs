using EcurepServer.Ssh.Tests.Support;
using Xunit.Abstractions;

namespace EcurepServer.Ssh.Tests;

/// <summary>paramiko 2.12 (the client without strict kex, CTR ciphers only) against the real transport, rekeying included.</summary>
public sealed class ParamikoClientTests(ITestOutputHelper output)
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Clients", "paramiko_client.py");
    private static readonly string AuthScript = Path.Combine(AppContext.BaseDirectory, "Clients", "paramiko_auth.py");

    [Theory]
    [InlineData("curve25519-sha256@libssh.org", "aes128-ctr", "hmac-sha2-256", "ssh-ed25519")]
    [InlineData("ecdh-sha2-nistp384", "aes192-ctr", "hmac-sha2-512", "ecdsa-sha2-nistp256")]
    [InlineData("diffie-hellman-group14-sha256", "aes256-ctr", "hmac-sha2-256-etm@openssh.com", "rsa-sha2-512")]
    [InlineData("ecdh-sha2-nistp521", "aes256-ctr", "hmac-sha2-512-etm@openssh.com", "rsa-sha2-256")]
    public async Task Paramiko_gets_through_key_exchange_and_is_refused_a_login(string kex, string cipher, string mac, string keyType)
    {
        await using var harness = new TransportHarness();
        var result = await RunAsync(harness, kex, cipher, mac, keyType, "none");
        Assert.Contains($"kex {cipher} {cipher} {keyType}", result);
        Assert.Contains("auth refused", result);
    }

    [Fact]
    public async Task Client_initiated_rekeying_keeps_the_session_usable()
    {
        await using var harness = new TransportHarness();
        var result = await RunAsync(harness, "-", "aes128-ctr", "hmac-sha2-256", "-", "rekey");
        Assert.Contains("rekeyed", result);
        Assert.Contains("auth refused", result);
        Assert.Null(await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains(harness.Logger.Lines, line => line.Contains("key exchange 3:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_rekeys_after_the_byte_limit()
    {
        await using var harness = new TransportHarness(new SshServerOptions { RekeyAfterBytes = 16 * 1024 });
        var result = await RunAsync(harness, "-", "aes256-ctr", "hmac-sha2-512-etm@openssh.com", "-", "ignore");
        Assert.Contains("auth refused", result);
        Assert.Null(await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains(harness.Logger.Lines, line => line.Contains("server starts a key re-exchange", StringComparison.Ordinal));
        Assert.Contains(harness.Logger.Lines, line => line.Contains("key exchange 2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_sends_survive_repeated_server_rekeys()
    {
        // A small packet cap shrinks the allowance for held-back sends, so senders really wait for each exchange.
        await using var harness = new TransportHarness(new SshServerOptions { RekeyAfterBytes = 64 * 1024, MaxPacketSize = 32 * 1024 }, floodSenders: 4);
        var result = await RunAsync(harness, "-", "aes128-ctr", "hmac-sha2-256-etm@openssh.com", "-", "linger");
        Assert.Contains("server disconnected", result);
        Assert.Null(await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains(harness.Logger.Lines, line => line.Contains("key exchange 4:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("passwords")]
    [InlineData("keys")]
    [InlineData("client")]
    public async Task Paramiko_logs_in_after_a_refused_first_attempt(string scenario)
    {
        // paramiko asks for the ssh-userauth service again before its second attempt; left unanswered, it waits for its
        // 20 s auth timeout and fails. That the login succeeds at all shows the request was answered.
        await using var harness = await ServerHarness.StartAsync();
        var (unknownKey, _) = await harness.NewKeyAsync("ed25519");
        var (first, second) = scenario switch
        {
            "passwords" => ("not-the-password", ServerHarness.Password),
            "keys" => (unknownKey, await harness.AuthorizeNewKeyAsync("ed25519")),
            _ => (unknownKey, ServerHarness.Password),
        };

        var result = await ExternalProcess.RunAsync(
            "/usr/bin/python3", [AuthScript, harness.Port, ServerHarness.User, scenario, first, second], timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.Output + result.Error + string.Join('\n', harness.Logger.Lines));
        output.WriteLine(result.Output);
        Assert.Contains("logged in: True", result.Output, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Entries, e => e.Message.StartsWith("Authentication failed", StringComparison.Ordinal));
    }

    private static async Task<string> RunAsync(TransportHarness harness, string kex, string cipher, string mac, string keyType, string action)
    {
        var result = await ExternalProcess.RunAsync(
            "/usr/bin/python3",
            [Script, harness.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), kex, cipher, mac, keyType, action],
            timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.Output + result.Error + string.Join('\n', harness.Logger.Lines));
        return result.Output;
    }
}
