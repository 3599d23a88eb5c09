using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The AIX "ftp -s" session of the ECuRep page, replayed against the default site: every reply line as the page shows
/// it, the passive address and port aside. The page's client sends PBSZ and PROT without printing their replies, and
/// its 150 line names boot.ini although the put names another remote file: the replay stores boot.ini.
/// </summary>
public sealed partial class AixTranscriptTests : IAsyncLifetime
{
    private const string TransferId = "E-ABCD12345f";
    private const string Password = "aix-transcript-1";

    private readonly ServerProcess _server = ServerProcess.Create();

    public async Task InitializeAsync()
    {
        await _server.AddAccountAsync(TransferId, Password);
        await _server.StartAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Aix_ftps_session_replays_verbatim()
    {
        await using var client = await FtpTestClient.ConnectAsync(_server.ControlEndPoint);
        Assert.Equal(
        [
            "220-Welcome to the IBM Enhanced Customer Data Repository (ECuRep)",
            "220-",
            "220-Before using this service refer to the terms of use for exchanging diagnostic",
            "220-data with IBM (see https://ibm.com/support/docview.wss?uid=ibm10739407)!",
            "220-",
            "220-For Documentation and FAQ please see the ECuRep homepage",
            "220-https://ibm.com/support/docview.wss?uid=ibm10739631",
            "220-",
            "220-   LOGIN",
            "220-     user     : [transfer id]",
            "220-     password: [password_of_transferid]",
            "220-",
            "220-Please report questions to: contact@ecurep.ibm.com",
            "220-Connection closed after 15 minutes idle",
            "220 FTPS server ftps.ecurep.ibm.com ready",
        ], client.Greeting.Lines);

        Assert.Equal(["234 AUTH TLS successful"], (await client.AuthTlsAsync()).Lines);
        Assert.Equal(["331 Password required for E-ABCD12345f"], (await client.CommandAsync("USER " + TransferId)).Lines);
        Assert.Equal(
        [
            "230-Here you can deliver/get support material to/from IBM.",
            "230-Directories for:",
            "230- deliver  use command 'cd toibm'",
            "230- get      use command 'cd fromibm'",
            "230-Please use command 'bin' prior transfer. See special instructions",
            "230-displayed when changing to the sub directory.",
            "230-Working directory is \"/\".",
            "230-You are logged in as E-ABCD12345f",
            "230 User E-ABCD12345f logged in",
        ], (await client.CommandAsync("PASS " + Password)).Lines);
        Assert.Equal(200, (await client.CommandAsync("PBSZ 0")).Code);
        Assert.Equal(200, (await client.CommandAsync("PROT P")).Code);

        Assert.Equal(
            ["250-Please read toibm/0-README.txt for information.", "250 CWD command successful"],
            (await client.CommandAsync("CWD toibm")).Lines);
        Assert.Equal(["250 CWD command successful"], (await client.CommandAsync("CWD aix")).Lines);
        Assert.Equal(["200 Representation type is Image"], (await client.CommandAsync("TYPE I")).Lines);

        var passive = await client.CommandAsync("PASV");
        Assert.Matches(PassiveLine(), Assert.Single(passive.Lines));
        var content = Encoding.ASCII.GetBytes("[boot loader]\r\ntimeout=30\r\n");
        var (opening, final) = await DataTransfers.UploadAsync(client, FtpTestClient.PassiveEndPoint(passive), "STOR boot.ini", content, protect: true);

        Assert.Equal(["150 Opening BINARY mode data connection for boot.ini"], opening.Lines);
        Assert.Equal(["226 Transfer complete"], final.Lines);
        Assert.Equal(["221 Goodbye."], (await client.CommandAsync("QUIT")).Lines);
        Assert.Equal(content, await File.ReadAllBytesAsync(_server.DeliveredFile("aix", "boot.ini")));
        Assert.Equal(IPAddress.Loopback, FtpTestClient.PassiveEndPoint(passive).Address);
    }

    [GeneratedRegex(@"^227 Entering Passive Mode \(\d{1,3},\d{1,3},\d{1,3},\d{1,3},\d{1,3},\d{1,3}\)\.$")]
    private static partial Regex PassiveLine();
}
