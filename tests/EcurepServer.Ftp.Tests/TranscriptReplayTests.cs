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

        Assert.Equal(AixTranscript.Greeting, client.Greeting.Lines);
        Assert.Equal(AixTranscript.AuthTls, (await client.CommandAsync("AUTH TLS")).Lines);
        await client.StartTlsAsync();
        Assert.Equal(AixTranscript.User("E-ABCD12345f"), (await client.CommandAsync("USER E-ABCD12345f")).Lines);
        Assert.Equal(AixTranscript.LoggedIn("E-ABCD12345f"), (await client.CommandAsync("PASS secret")).Lines);
        Assert.Equal(AixTranscript.CwdToibm, (await client.CommandAsync("CWD toibm")).Lines);
        Assert.Equal(AixTranscript.CwdProduct, (await client.CommandAsync("CWD aix")).Lines);
        Assert.Equal(AixTranscript.TypeImage, (await client.CommandAsync("TYPE I")).Lines);
        var pasv = await client.CommandAsync("PASV");
        Assert.Matches(@"^227 Entering Passive Mode \(127,0,0,1,\d+,\d+\)\.$", Assert.Single(pasv.Lines));
        var data = FtpTestClient.PassiveEndPoint(pasv);

        var (opening, final) = await DataTransfers.UploadAsync(client, data, "STOR boot.ini", "[boot loader]\r\n"u8.ToArray(), protect: false);

        Assert.Equal(AixTranscript.Opening("boot.ini"), opening.Lines);
        Assert.Equal(AixTranscript.TransferComplete, final.Lines);
        Assert.Equal(AixTranscript.Goodbye, (await client.CommandAsync("QUIT")).Lines);
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

        var greeting = client.Greeting.Lines;
        Assert.Matches(ZosTranscript.FirstGreetingLine(), greeting[0]);
        Assert.Equal(ZosTranscript.GreetingAfterFirstLine, greeting.Skip(1));
        Assert.Equal(ZosTranscript.AuthTls, (await client.CommandAsync("AUTH TLS")).Lines);
        await client.StartTlsAsync();
        Assert.Equal(ZosTranscript.Pbsz, (await client.CommandAsync("PBSZ 0")).Lines);
        Assert.Equal(ZosTranscript.ProtPrivate, (await client.CommandAsync("PROT P")).Lines);
        Assert.Equal(ZosTranscript.UserAnonymous, (await client.CommandAsync("USER anonymous")).Lines);
        Assert.Equal(ZosTranscript.LoggedIn, (await client.CommandAsync("PASS test@anyone")).Lines);
        Assert.Equal(ZosTranscript.Cwd("/toibm/aix"), (await client.CommandAsync("CWD toibm/aix")).Lines);
        Assert.Equal(ZosTranscript.TypeImage, (await client.CommandAsync("TYPE I")).Lines);
        var data = await client.PassiveAsync();

        var (opening, final) = await DataTransfers.UploadAsync(client, data, "STOR 12345.123.724.DUMP.ZIP", [1, 2, 3], protect: true);

        Assert.Equal(ZosTranscript.Opening("12345.123.724.DUMP.ZIP"), opening.Lines);
        Assert.Equal(ZosTranscript.TransferComplete, final.Lines);
        Assert.Equal(ZosTranscript.Status(client.LocalEndPoint.Port, "/toibm/aix"), (await client.CommandAsync("STAT")).Lines);
        Assert.Equal(ZosTranscript.Goodbye, (await client.CommandAsync("QUIT")).Lines);
        Assert.Equal([1, 2, 3], Assert.Single(server.DropBox.Delivered).Bytes);
    }
}
