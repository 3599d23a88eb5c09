using System.Globalization;
using System.Net;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The shipped BindAddress "::" is one dual-stack socket: clients over IPv6 ([::1]) and IPv4 (127.0.0.1) upload through
/// it with FTPS (EPSV, and PASV over IPv4) and SFTP, and receipts name the client's address as the client knows it,
/// not as an IPv4-mapped IPv6 address.
/// </summary>
public sealed class Ipv6Tests(RandomFile source) : ServerTestBase("Sites:Europe:Ftps:BindAddress=::", "Sites:Europe:Ssh:BindAddress=::"), IClassFixture<RandomFile>
{
    private const string TransferId = "E-IPV612345a";
    private const string Password = "ipv6-password-1";

    private int _ftpsPort;
    private int _sftpPort;

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ftpsPort = (await Server.ListeningEndPointAsync("Europe")).Port;
        _sftpPort = (await Server.ListeningEndPointAsync("Europe", "sftp")).Port;
    }

    [Theory]
    [InlineData("::1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.1", true)]
    public async Task Curl_uploads_over_ftps_through_the_dual_stack_listener(string address, bool pasv)
    {
        var name = $"ipv6_ftps_{address.Replace(':', '_').Replace('.', '_')}_{(pasv ? "pasv" : "epsv")}.bin";
        var host = IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
        string[] passive = pasv ? ["--disable-epsv"] : [];

        var result = await ExternalProcess.RunAsync(
            "curl",
            ["--ssl-reqd", "-k", "-sS", .. passive, "--user", $"{TransferId}:{Password}", "-T", source.FilePath, $"ftp://{host}:{_ftpsPort.ToString(CultureInfo.InvariantCulture)}/toibm/aix/{name}"],
            source.Directory);

        Assert.True(result.ExitCode == 0, result + Server.Log);
        await AssertDeliveredFromAsync(name, address, "ftps");
    }

    /// <summary>curl never sends PASV over IPv6, whatever its options, so a raw client asks.</summary>
    [Fact]
    public async Task Pasv_over_ipv6_is_refused_with_a_pointer_to_epsv_and_epsv_works()
    {
        await using var client = await FtpTestClient.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, _ftpsPort));
        await client.SecureLoginAsync(TransferId, Password);

        Assert.Equal(["425 PASV needs an IPv4 connection; use EPSV"], (await client.CommandAsync("PASV")).Lines);
        Assert.Equal(229, (await client.CommandAsync("EPSV")).Code);
    }

    [Fact]
    public async Task OpenSsh_sftp_uploads_over_ipv6()
    {
        const string name = "ipv6_sftp.bin";
        var clients = new SftpClients(new IPEndPoint(IPAddress.IPv6Loopback, _sftpPort), source.Directory);

        var result = await clients.SftpAsync(TransferId, Password, $"put {source.FilePath} toibm/aix/{name}");

        Assert.True(result.ExitCode == 0, result.ToString());
        await AssertDeliveredFromAsync(name, "::1", "sftp");
    }

    private async Task AssertDeliveredFromAsync(string name, string clientAddress, string protocol)
    {
        Assert.Equal(source.Sha256, RandomFile.Sha256Of(Server.DeliveredFile("aix", name)));
        var receipt = Assert.Single(await Server.ReceiptsAsync(), r => r.GetProperty("path").GetString() == "/toibm/aix/" + name);
        Assert.Equal(clientAddress, receipt.GetProperty("clientAddress").GetString());
        Assert.Equal(protocol, receipt.GetProperty("protocol").GetString());
    }
}
