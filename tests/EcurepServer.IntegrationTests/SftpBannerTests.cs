using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// What OpenSSH's sftp shows of the ecurep dialect before a login: the seed's SFTP banner line for line, and the
/// password prompt of the seed's example, which OpenSSH writes for the "password" method.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SftpBannerTests : ServerTestBase
{
    /// <summary>The seed page's SFTP example user and host; the host name reaches the prompt through HostKeyAlias.</summary>
    private const string TransferId = "E-ABcd12345E";
    private const string Password = "banner-password-1";
    private const string HostName = "sftp.ecurep.ibm.com";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task OpenSsh_sftp_shows_the_seeds_banner_and_asks_for_the_password_as_the_seed_shows()
    {
        var clients = new SftpClients(await Server.ListeningEndPointAsync("Europe", "sftp"), Server.Root);

        var (result, prompts) = await clients.SftpShowingBannerAsync(TransferId, Password, HostName, "cd toibm", "bye");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stderr = result.Error.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var first = stderr.IndexOf(SeedSftpBanner.Lines[0]);
        Assert.True(first >= 0, result.ToString());
        Assert.Equal(SeedSftpBanner.Lines, stderr.Skip(first).Take(SeedSftpBanner.Lines.Count));
        Assert.Equal([$"{TransferId}@{HostName}'s password: "], prompts);
    }
}
