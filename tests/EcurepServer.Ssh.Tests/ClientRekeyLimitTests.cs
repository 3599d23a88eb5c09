using EcurepServer.Ssh.Protocol;
using EcurepServer.Ssh.Tests.Support;

namespace EcurepServer.Ssh.Tests;

/// <summary>Key re-exchanges started by the client are limited per minute; those that follow real traffic are free.</summary>
public sealed class ClientRekeyLimitTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_client_that_keeps_re_keying_is_disconnected_at_the_limit_before_the_server_computes_another_key()
    {
        await using var harness = new TransportHarness();
        await using var client = await KexClient.ConnectAsync(harness.Port);
        for (var i = 0; i < harness.Options.MaxClientKeyExchangesPerMinute; i++)
        {
            await client.StartKeyExchangeAsync();
            await client.ExpectAsync(SshMessage.NewKeys);
        }

        await client.StartKeyExchangeAsync();

        var disconnect = new SshReader(await client.ExpectAsync(SshMessage.Disconnect));
        disconnect.ReadByte();
        Assert.Equal((uint)SshDisconnectReason.ProtocolError, disconnect.ReadUInt32());
        Assert.Contains("too many key exchanges", disconnect.ReadUtf8(), StringComparison.Ordinal);
        await client.ClosedAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<SshProtocolException>(await harness.Outcome.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains(harness.Logger.Lines, line => line.Contains("MaxClientKeyExchangesPerMinute", StringComparison.Ordinal));
        Assert.Equal(
            harness.Options.MaxClientKeyExchangesPerMinute + 1,
            harness.Logger.Lines.Count(line => line.Contains(" key exchange ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OpenSsh_with_a_small_rekey_limit_re_keys_several_times_and_keeps_working()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = await harness.AuthorizeNewKeyAsync("ed25519");
        var ssh = string.Join(' ', harness.SshArguments(
            "-v", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "RekeyLimit=1M", "-s", $"{ServerHarness.User}@127.0.0.1", "sink"));

        var result = await ExternalProcess.RunAsync("bash", ["-c", $"set -o pipefail; head -c 2M /dev/zero | ssh {ssh}"], timeout: ClientTimeout);

        Assert.True(result.ExitCode == 0, result.Error[^Math.Min(2000, result.Error.Length)..]);
        var (bytes, _) = await harness.Sink.Finished.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2L << 20, bytes);
        var keyExchanges = result.Error.Split('\n').Count(line => line.Contains("SSH2_MSG_NEWKEYS received", StringComparison.Ordinal));
        Assert.True(keyExchanges >= 3, $"only {keyExchanges} key exchanges");
    }
}
