using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The z/OS client session of the ECuRep page (AUTH TLS, PBSZ 0 and PROT P before USER anonymous), replayed against the
/// shipped Americas site (zos dialect, draft RFC 4217 level): every reply line as the page shows it, the server's
/// address, the client's port and the time of day aside.
/// </summary>
public sealed partial class ZosTranscriptTests : IAsyncLifetime
{
    private readonly ServerProcess _server = ServerProcess.Create();

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Zos_ftps_session_replays_verbatim_against_americas()
    {
        await using var client = await FtpTestClient.ConnectAsync(await _server.ListeningEndPointAsync("Americas"));

        Assert.Matches(FirstBannerLine(), client.Greeting.Lines[0]);
        Assert.Equal(
        [
            "220-Welcome to the IBM Centralized Customer Data Repository (ECuRep)",
            "220-INTERNET ADDRESS 127.0.0.1 ()",
            "220-BBefore using this service refer to the terms of use for",
            "220-Exhanging Diagnostic Data with IBM",
            "220-(see https://www.ibm.com/de/support/ecurep/service.html )!",
            "220-For FAQ/Documentation please see ECuRep - Homepage",
            "220- https://www.ibm.com/de/support/ecurep/index.html",
            "220- LOGIN user: anonymous pw: your_email_address",
            "220-please report questions to: contact@ecurep.ibm.com",
            "220 Connection will close if idle for more than 15 minutes.",
        ], client.Greeting.Lines.Skip(1));
        Assert.Equal(["234 Security environment established - ready for negotiation"], (await client.AuthTlsAsync()).Lines);
        Assert.Equal(["200 Protection buffer size accepted"], (await client.CommandAsync("PBSZ 0")).Lines);
        Assert.Equal(["200 Data connection protection set to private"], (await client.CommandAsync("PROT P")).Lines);
        Assert.Equal(["331 Send email address as password please."], (await client.CommandAsync("USER anonymous")).Lines);
        Assert.Equal(
        [
            "230-Here you can deliver/get support material to/from IBM.",
            "230-Directories for:",
            "230-deliver use command 'cd toibm'",
            "230-get use command 'cd fromibm'",
            "230-for CADCAM/CATIA/VPM/ENOVIA/SMARTEAM use command 'cd cadcam'",
            "230-Please use command 'bin' prior transfer. See special instructions",
            "230-displayed when changing to the sub directory.",
            "230 'ANONYMOUS' logged on. Working directory is /.",
        ], (await client.CommandAsync("PASS test@anyone")).Lines);
        Assert.Equal(["250 HFS directory /toibm/windows is the current working directory."], (await client.CommandAsync("CWD toibm/windows")).Lines);
        Assert.Equal(["200 Type set to I."], (await client.CommandAsync("TYPE I")).Lines);

        byte[] content = [0x50, 0x4b, 0x03, 0x04, 1, 2, 3];
        var (opening, final) = await DataTransfers.UploadAsync(client, await client.PassiveAsync(), "STOR 12345.123.724.DUMP.ZIP", content, protect: true);

        Assert.Equal(["150 Opening binary mode connection for 12345.123.724.DUMP.ZIP"], opening.Lines);
        Assert.Equal(["226 Transfer complete."], final.Lines);
        var clientPort = client.LocalEndPoint.Port;
        Assert.Equal(
        [
            $"211-Server FTP talking to host 127.0.0.1, port {clientPort}",
            "211-User: Anonymous Working directory: /toibm/windows",
            "211-using Mode Stream, Structure File, type Image, byte-size 8",
            "211-Inactivity timer is set to 900",
            "211-Authentication type: TLS",
            "211-Control protection level: Private",
            "211-Data protection level: Private",
            "211-TLS security is supported at the DRAFT level",
            "211 *** end of status ***",
        ], (await client.CommandAsync("STAT")).Lines);
        Assert.Equal(["221 Quit command received. Goodbye."], (await client.CommandAsync("QUIT")).Lines);
        Assert.Equal(content, await File.ReadAllBytesAsync(_server.DeliveredFile("windows", "12345.123.724.DUMP.ZIP")));
        var receipt = Assert.Single(await _server.ReceiptsAsync());
        Assert.Equal("Americas", receipt.GetProperty("site").GetString());
    }

    [GeneratedRegex(@"^220-FTPD1 IBM FTP CS V1R2 at testcase\.boulder\.ibm\.com, \d\d:\d\d:\d\d on \d{4}-\d\d-\d\d\.$")]
    private static partial Regex FirstBannerLine();
}
