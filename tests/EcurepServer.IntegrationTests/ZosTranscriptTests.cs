using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The z/OS client session of the ECuRep page (AUTH TLS, PBSZ 0 and PROT P before USER anonymous), replayed against the
/// shipped Americas site (zos dialect, draft RFC 4217 level): every reply line as the page shows it, the server's
/// address, the client's port and the time of day aside. The session's transcript then holds every command and reply
/// line in order, byte for byte (the anonymous password, an e-mail, is kept).
/// </summary>
public sealed class ZosTranscriptTests : ServerTestBase
{
    [Fact]
    public async Task Zos_ftps_session_replays_verbatim_against_americas()
    {
        await using var client = await FtpTestClient.ConnectAsync(await Server.ListeningEndPointAsync("Americas"));

        Assert.Matches(ZosTranscript.FirstGreetingLine(), client.Greeting.Lines[0]);
        Assert.Equal(ZosTranscript.GreetingAfterFirstLine, client.Greeting.Lines.Skip(1));
        Assert.Equal(ZosTranscript.AuthTls, (await client.AuthTlsAsync()).Lines);
        Assert.Equal(ZosTranscript.Pbsz, (await client.CommandAsync("PBSZ 0")).Lines);
        Assert.Equal(ZosTranscript.ProtPrivate, (await client.CommandAsync("PROT P")).Lines);
        Assert.Equal(ZosTranscript.UserAnonymous, (await client.CommandAsync("USER anonymous")).Lines);
        Assert.Equal(ZosTranscript.LoggedIn, (await client.CommandAsync("PASS test@anyone")).Lines);
        Assert.Equal(ZosTranscript.Cwd("/toibm/windows"), (await client.CommandAsync("CWD toibm/windows")).Lines);
        Assert.Equal(ZosTranscript.TypeImage, (await client.CommandAsync("TYPE I")).Lines);

        byte[] content = [0x50, 0x4b, 0x03, 0x04, 1, 2, 3];
        var (opening, final) = await DataTransfers.UploadAsync(client, await client.PassiveAsync(), "STOR 12345.123.724.DUMP.ZIP", content, protect: true);

        Assert.Equal(ZosTranscript.Opening("12345.123.724.DUMP.ZIP"), opening.Lines);
        Assert.Equal(ZosTranscript.TransferComplete, final.Lines);
        Assert.Equal(ZosTranscript.Status(client.LocalEndPoint.Port, "/toibm/windows"), (await client.CommandAsync("STAT")).Lines);
        Assert.Equal(ZosTranscript.Goodbye, (await client.CommandAsync("QUIT")).Lines);
        Assert.Equal(content, await File.ReadAllBytesAsync(Server.DeliveredFile("windows", "12345.123.724.DUMP.ZIP")));
        var receipt = Assert.Single(await Server.ReceiptsAsync());
        Assert.Equal("Americas", receipt.GetProperty("site").GetString());

        var transcript = await Server.TranscriptAsync(receipt.GetProperty("sessionId").GetString()!);
        Assert.Equal(client.Conversation, transcript.Where(line => line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith("< ", StringComparison.Ordinal)));
        Assert.Contains("> PASS test@anyone", transcript);
        Assert.Contains(transcript, line => line.EndsWith("data channel protection: private", StringComparison.Ordinal));
    }
}
