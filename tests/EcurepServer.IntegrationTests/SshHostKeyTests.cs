using System.Globalization;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>The SSH host keys: generated once into certs/, shown by "keys fingerprints" as OpenSSH shows them, and the same after a restart.</summary>
public sealed class SshHostKeyTests : ServerTestBase
{
    private const string TransferId = "E-HOSTKEY123a";
    private const string HostAlias = "ecurep-under-test";

    private string _clientKey = "";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, "hostkey-password-1")];

    protected override async Task PrepareAsync()
    {
        _clientKey = Path.Combine(Server.Root, "client_key");
        var keygen = await ExternalProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", _clientKey], Server.Root);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        var added = await Server.CliAsync(null, "users", "key", "add", TransferId, _clientKey + ".pub");
        Assert.True(added.ExitCode == 0, added.ToString());
    }

    [Fact]
    public async Task Keys_fingerprints_prints_what_ssh_keygen_and_ssh_keyscan_see()
    {
        var printed = await Server.CliAsync(null, "keys", "fingerprints");
        var scanned = await KeyscanAsync();
        var scannedFile = Path.Combine(Server.Root, "scanned");
        await File.WriteAllTextAsync(scannedFile, scanned);
        var fromScan = await ExternalProcess.RunAsync("ssh-keygen", ["-l", "-f", scannedFile], Server.Root);

        Assert.True(printed.ExitCode == 0, printed.ToString());
        var fingerprints = printed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[1]).ToList();
        Assert.Equal(3, fingerprints.Count);
        foreach (var file in new[] { "ssh_host_ed25519_key", "ssh_host_ecdsa_key", "ssh_host_rsa_key" })
        {
            var keygen = await ExternalProcess.RunAsync("ssh-keygen", ["-l", "-f", Path.Combine(Server.Root, "certs", file)], Server.Root);
            Assert.True(keygen.ExitCode == 0, keygen.ToString());
            Assert.Contains(keygen.Output.Split(' ')[1], fingerprints);
        }

        Assert.All(fingerprints, fingerprint => Assert.Contains(fingerprint, fromScan.Output, StringComparison.Ordinal));
        Assert.All(fingerprints, fingerprint => Assert.Contains(fingerprint, Server.Log, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_remembered_the_host_keys_still_trusts_the_server_after_a_restart()
    {
        var knownHosts = Path.Combine(Server.Root, "known_hosts");
        await File.WriteAllTextAsync(knownHosts, await KeyscanAsync());
        var keyFiles = Directory.GetFiles(Path.Combine(Server.Root, "certs"), "ssh_host_*").ToDictionary(f => f, File.ReadAllBytes);

        await Server.RestartAsync();

        foreach (var keyType in new[] { "ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512" })
        {
            var result = await StrictSftpAsync(knownHosts, keyType);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("toibm", result.Output, StringComparison.Ordinal);
        }

        Assert.All(keyFiles, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
    }

    /// <summary>The host's keys as known_hosts lines under a fixed alias, since a restart brings a new ephemeral port.</summary>
    private async Task<string> KeyscanAsync()
    {
        var endPoint = await Server.ListeningEndPointAsync("Europe", "sftp");
        var scan = await ExternalProcess.RunAsync(
            "ssh-keyscan",
            ["-p", endPoint.Port.ToString(CultureInfo.InvariantCulture), "-t", "ed25519,ecdsa,rsa", endPoint.Address.ToString()],
            Server.Root);
        Assert.True(scan.ExitCode == 0, scan.ToString());
        var lines = scan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => HostAlias + line[line.IndexOf(' ', StringComparison.Ordinal)..])
            .ToList();
        Assert.Equal(3, lines.Count);
        return string.Join('\n', lines) + "\n";
    }

    private async Task<ProcessResult> StrictSftpAsync(string knownHosts, string hostKeyAlgorithm)
    {
        var endPoint = await Server.ListeningEndPointAsync("Europe", "sftp");
        return await ExternalProcess.RunAsync(
            "sftp",
            [
                "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={knownHosts}", "-o", $"HostKeyAlias={HostAlias}",
                "-o", $"HostKeyAlgorithms={hostKeyAlgorithm}", "-o", "BatchMode=yes", "-i", _clientKey,
                "-P", endPoint.Port.ToString(CultureInfo.InvariantCulture), "-b", "-", $"{TransferId}@{endPoint.Address}",
            ],
            Server.Root,
            "ls /\n");
    }
}
