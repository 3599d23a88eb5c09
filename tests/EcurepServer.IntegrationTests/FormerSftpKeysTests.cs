using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// A configuration written before the SSH listener's section was named "Ssh": its "Sftp" keys still configure the
/// listener, with one warning per site naming the old and the new key, and where both name a key the "Ssh" one wins,
/// whichever source gives it (here the shipped file's Ssh:Enabled over a command-line Sftp:Enabled).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FormerSftpKeysTests() : ServerTestBase(
    "Sites:Europe:Sftp:Banner:0=first line under the former name",
    "Sites:Europe:Sftp:Banner:1=second line under the former name",
    "Sites:Europe:Ssh:Banner:0=first line under the new name",
    "Sites:AsiaPacific:Sftp:Enabled=false")
{
    private const string TransferId = "E-FORMER0001";
    private const string Password = "former-keys-password-1";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task The_former_keys_configure_ssh_with_one_warning_per_site_and_the_new_keys_win()
    {
        var endPoint = await Server.ListeningEndPointAsync("Europe", "sftp");
        await Server.ListeningEndPointAsync("AsiaPacific", "sftp");
        Assert.DoesNotContain("Unknown configuration key", Server.Log, StringComparison.Ordinal);
        foreach (var site in new[] { "Europe", "AsiaPacific" })
        {
            var warning = $"Configuration key EcurepServer:Sites:{site}:Sftp is now named EcurepServer:Sites:{site}:Ssh";
            Assert.Single(Server.Log.Split('\n'), line => line.Contains(warning, StringComparison.Ordinal) && line.Contains("WRN", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("Sites:Americas:Sftp", Server.Log, StringComparison.Ordinal);

        var (result, _) = await new SftpClients(endPoint, Server.Root).SftpShowingBannerAsync(TransferId, Password, hostKeyAlias: null, "bye");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stderr = result.Error.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var first = stderr.IndexOf("first line under the new name");
        Assert.True(first >= 0, result.ToString());
        Assert.Equal("second line under the former name", stderr[first + 1]);
        Assert.DoesNotContain("first line under the former name", result.Error, StringComparison.Ordinal);
    }
}
