using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests;

/// <summary>
/// The AIX "ftp -s" session of the ECuRep page, replayed against the default site: every reply line as the page shows
/// it, the passive address and port aside. The page's client sends PBSZ and PROT without printing their replies, and
/// its 150 line names boot.ini although the put names another remote file: the replay stores boot.ini. The session's
/// transcript (sessions show) then holds every command and reply line of the replay in order, byte for byte, the
/// password masked.
/// </summary>
public sealed partial class AixTranscriptTests : ServerTestBase
{
    private const string TransferId = "E-ABCD12345f";
    private const string Password = "aix-transcript-1";

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    [Fact]
    public async Task Aix_ftps_session_replays_verbatim()
    {
        await using var client = await FtpTestClient.ConnectAsync(Server.ControlEndPoint);
        Assert.Equal(AixTranscript.Greeting, client.Greeting.Lines);

        Assert.Equal(AixTranscript.AuthTls, (await client.AuthTlsAsync()).Lines);
        Assert.Equal(AixTranscript.User(TransferId), (await client.CommandAsync("USER " + TransferId)).Lines);
        Assert.Equal(AixTranscript.LoggedIn(TransferId), (await client.CommandAsync("PASS " + Password)).Lines);
        Assert.Equal(200, (await client.CommandAsync("PBSZ 0")).Code);
        Assert.Equal(200, (await client.CommandAsync("PROT P")).Code);

        Assert.Equal(AixTranscript.CwdToibm, (await client.CommandAsync("CWD toibm")).Lines);
        Assert.Equal(AixTranscript.CwdProduct, (await client.CommandAsync("CWD aix")).Lines);
        Assert.Equal(AixTranscript.TypeImage, (await client.CommandAsync("TYPE I")).Lines);

        var passive = await client.CommandAsync("PASV");
        Assert.Matches(PassiveLine(), Assert.Single(passive.Lines));
        var content = Encoding.ASCII.GetBytes("[boot loader]\r\ntimeout=30\r\n");
        var (opening, final) = await DataTransfers.UploadAsync(client, FtpTestClient.PassiveEndPoint(passive), "STOR boot.ini", content, protect: true);

        Assert.Equal(AixTranscript.Opening("boot.ini"), opening.Lines);
        Assert.Equal(AixTranscript.TransferComplete, final.Lines);
        Assert.Equal(AixTranscript.Goodbye, (await client.CommandAsync("QUIT")).Lines);
        Assert.Equal(content, await File.ReadAllBytesAsync(Server.DeliveredFile("aix", "boot.ini")));
        Assert.Equal(IPAddress.Loopback, FtpTestClient.PassiveEndPoint(passive).Address);

        var transcript = await Server.TranscriptAsync(Assert.Single(await Server.ReceiptsAsync()).GetProperty("sessionId").GetString()!);
        Assert.Equal(
            client.Conversation.Select(line => line == "> PASS " + Password ? "> PASS ****" : line),
            transcript.Where(line => line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith("< ", StringComparison.Ordinal)));
        Assert.Contains(transcript, line => line.Contains("TLS on the control connection: TLSv1.2, TLS_ECDHE_", StringComparison.Ordinal));
        Assert.Contains(transcript, line => line.Contains("TLS on the data connection: TLSv1.2", StringComparison.Ordinal) && line.Contains("resumed session", StringComparison.Ordinal));
        Assert.EndsWith("ended: quit", transcript[^1], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^227 Entering Passive Mode \(\d{1,3},\d{1,3},\d{1,3},\d{1,3},\d{1,3},\d{1,3}\)\.$")]
    private static partial Regex PassiveLine();
}
