using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>
/// OpenSSH's ssh client against the real transport: each run must get through key exchange and the
/// negotiated ciphers far enough to have its SERVICE_REQUEST accepted and its authentication refused.
/// </summary>
public sealed class OpenSshClientTests
{
    public static TheoryData<string> Kex => [.. OpenSsh92.KexAlgorithms];

    public static TheoryData<string> Ciphers => [.. SshServerOptions.DefaultCiphers];

    public static TheoryData<string> Macs => [.. SshServerOptions.DefaultMacs];

    public static TheoryData<string> HostKeys => [.. SshServerOptions.DefaultHostKeyAlgorithms];

    [Theory]
    [MemberData(nameof(Kex))]
    public async Task Every_key_exchange_method_works(string kex) =>
        await ConnectAsync(["-o", "KexAlgorithms=" + kex], $"kex: algorithm: {kex}");

    [Theory]
    [MemberData(nameof(Ciphers))]
    public async Task Every_cipher_works(string cipher) =>
        await ConnectAsync(["-c", cipher], $"kex: server->client cipher: {cipher}");

    [Theory]
    [MemberData(nameof(Macs))]
    public async Task Every_mac_works_with_a_ctr_cipher(string mac) =>
        await ConnectAsync(["-c", "aes256-ctr", "-o", "MACs=" + mac], $"MAC: {mac}");

    [Theory]
    [MemberData(nameof(HostKeys))]
    public async Task Every_host_key_algorithm_works(string algorithm) =>
        await ConnectAsync(["-o", "HostKeyAlgorithms=" + algorithm], $"kex: host key algorithm: {algorithm}");

    private static async Task ConnectAsync(string[] extra, string expected)
    {
        await using var harness = new TransportHarness();
        string[] arguments =
        [
            "-v", "-F", "/dev/null", "-p", harness.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=20", .. extra, "tester@127.0.0.1", "true",
        ];
        var result = await ExternalProcess.RunAsync("ssh", arguments, timeout: TimeSpan.FromSeconds(60));
        Assert.True(
            result.Error.Contains(expected, StringComparison.Ordinal)
            && result.Error.Contains("SSH2_MSG_SERVICE_ACCEPT received", StringComparison.Ordinal)
            && result.Error.Contains("Authentications that can continue: password", StringComparison.Ordinal),
            result.Error + string.Join('\n', harness.Logger.Lines));
        Assert.Null(await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, harness.ServiceRequests);
        Assert.Contains("kex_input_ext_info: server-sig-algs=<ssh-ed25519,", result.Error, StringComparison.Ordinal);
        Assert.Contains(harness.Logger.Lines, line => line.Contains("strict True", StringComparison.Ordinal));
    }
}
