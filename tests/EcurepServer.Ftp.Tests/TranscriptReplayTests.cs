using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// The two sessions of the ECuRep page, replayed against the shipped dialects: AIX `ftp -s` against Europe (ecurep
/// dialect, full RFC 4217 level) and the z/OS client (zos dialect, draft level). Only addresses, ports and times differ.
/// </summary>
public sealed class TranscriptReplayTests
{
    [Fact]
    public async Task The_aix_transcript_replays_verbatim_with_the_ecurep_dialect()
    {
        await using var server = await TestServer.StartAsync(o => ShippedDialect.Apply(o, "ecurep", "ftps.ecurep.ibm.com"));
        await using var client = await server.ConnectAsync();

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
            ],
            client.Greeting!.Lines);
        Assert.Equal(["234 AUTH TLS successful"], (await client.CommandAsync("AUTH TLS")).Lines);
        await client.StartTlsAsync();
        Assert.Equal(["331 Password required for E-ABCD12345f"], (await client.CommandAsync("USER E-ABCD12345f")).Lines);
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
            ],
            (await client.CommandAsync("PASS secret")).Lines);
        Assert.Equal(
            ["250-Please read toibm/0-README.txt for information.", "250 CWD command successful"],
            (await client.CommandAsync("CWD toibm")).Lines);
        Assert.Equal(["250 CWD command successful"], (await client.CommandAsync("CWD aix")).Lines);
        Assert.Equal(["200 Representation type is Image"], (await client.CommandAsync("TYPE I")).Lines);
        var pasv = await client.CommandAsync("PASV");
        Assert.Matches(@"^227 Entering Passive Mode \(127,0,0,1,\d+,\d+\)\.$", Assert.Single(pasv.Lines));
        var data = FtpTestClient.PassiveEndPoint(pasv);

        var (opening, final) = await DataTransfers.UploadAsync(client, data, "STOR boot.ini", "[boot loader]\r\n"u8.ToArray(), protect: false);

        Assert.Equal(["150 Opening BINARY mode data connection for boot.ini"], opening.Lines);
        Assert.Equal(["226 Transfer complete"], final.Lines);
        Assert.Equal(["221 Goodbye."], (await client.CommandAsync("QUIT")).Lines);
        Assert.Equal("/toibm/aix/boot.ini", Assert.Single(server.DropBox.Delivered).Path.Value);
    }

    [Fact]
    public async Task The_zos_transcript_replays_verbatim_with_the_zos_dialect_at_the_draft_level()
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            ShippedDialect.Apply(o, "zos", "testcase.boulder.ibm.com");
            o.Rfc4217Level = Rfc4217Level.Draft;
        });
        await using var client = await server.ConnectAsync();

        var greeting = client.Greeting!.Lines;
        Assert.Matches(@"^220-FTPD1 IBM FTP CS V1R2 at testcase\.boulder\.ibm\.com, \d\d:\d\d:\d\d on \d{4}-\d\d-\d\d\.$", greeting[0]);
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
            ],
            greeting.Skip(1));
        Assert.Equal(["234 Security environment established - ready for negotiation"], (await client.CommandAsync("AUTH TLS")).Lines);
        await client.StartTlsAsync();
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
            ],
            (await client.CommandAsync("PASS test@anyone")).Lines);
        Assert.Equal(["250 HFS directory /toibm/aix is the current working directory."], (await client.CommandAsync("CWD toibm/aix")).Lines);
        Assert.Equal(["200 Type set to I."], (await client.CommandAsync("TYPE I")).Lines);
        var data = await client.PassiveAsync();

        var (opening, final) = await DataTransfers.UploadAsync(client, data, "STOR 12345.123.724.DUMP.ZIP", [1, 2, 3], protect: true);

        Assert.Equal(["150 Opening binary mode connection for 12345.123.724.DUMP.ZIP"], opening.Lines);
        Assert.Equal(["226 Transfer complete."], final.Lines);
        var port = ((System.Net.IPEndPoint)client.Socket.LocalEndPoint!).Port;
        Assert.Equal(
            [
                $"211-Server FTP talking to host 127.0.0.1, port {port}",
                "211-User: Anonymous Working directory: /toibm/aix",
                "211-using Mode Stream, Structure File, type Image, byte-size 8",
                "211-Inactivity timer is set to 900",
                "211-Authentication type: TLS",
                "211-Control protection level: Private",
                "211-Data protection level: Private",
                "211-TLS security is supported at the DRAFT level",
                "211 *** end of status ***",
            ],
            (await client.CommandAsync("STAT")).Lines);
        Assert.Equal(["221 Quit command received. Goodbye."], (await client.CommandAsync("QUIT")).Lines);
        Assert.Equal([1, 2, 3], Assert.Single(server.DropBox.Delivered).Bytes);
    }
}
