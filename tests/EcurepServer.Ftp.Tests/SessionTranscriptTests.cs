using System.Net;
using System.Text.Json;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>What an FTPS session's transcript holds: the conversation as it went over the wire, TLS, data connections and the end.</summary>
public sealed class SessionTranscriptTests
{
    [Fact]
    public async Task Every_command_and_reply_line_is_in_the_transcript_in_order_with_the_password_masked()
    {
        var transcripts = new RecordingTranscripts();
        using var core = new CoreDropBox();
        await using var server = await TestServer.StartAsync(dropBox: core.DropBox, transcripts: transcripts);
        await using var client = await server.ConnectAsync();
        var conversation = new Conversation(client);
        conversation.Received(client.Greeting!);

        await conversation.SayAsync("AUTH TLS");
        await client.StartTlsAsync();
        await conversation.SayAsync("USER E-ABCD12345f");
        await conversation.SayAsync("PASS secret", "PASS ****");
        await conversation.SayAsync("PBSZ 0");
        await conversation.SayAsync("PROT P");
        await conversation.SayAsync("FEAT");
        await conversation.SayAsync("CWD /toibm/aix");
        var epsv = await conversation.SayAsync("EPSV");
        var content = DataTransfers.RandomBytes(300_000);
        using (var socket = await FtpTestClient.ConnectDataAsync(new IPEndPoint(IPAddress.Loopback, int.Parse(epsv.Text.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture))))
        {
            await conversation.SayAsync("STOR TS012345678_logs.zip");
            await using var data = await client.ProtectDataAsync(socket);
            await data.WriteAsync(content);
            await DataTransfers.FinishAsync(data);
        }

        conversation.Received(await client.ReadReplyAsync());
        await conversation.SayAsync("QUIT");

        var events = await transcripts.EndedAsync();
        Assert.Equal(conversation.Lines, Wire(events));

        var start = Assert.IsType<SessionStartEvent>(events[0]);
        Assert.Equal(("ftps", "test", client.Socket.LocalEndPoint!.ToString(), server.EndPoint.ToString()), (start.Protocol, start.Site, start.Client, start.Server));
        var control = events.OfType<TlsEvent>().First();
        Assert.Equal(("control", "TLSv1.2", client.TlsName, false, null), (control.Channel, control.Protocol, control.ServerName, control.Resumed, control.Failure));
        Assert.StartsWith("TLS_ECDHE_", control.CipherSuite, StringComparison.Ordinal);
        Assert.Equal(new ProtectionEvent("data", "private"), events.OfType<ProtectionEvent>().Single() with { Time = default });
        var dataTls = events.OfType<TlsEvent>().Last();
        Assert.Equal(("data", true, client.TlsName), (dataTls.Channel, dataTls.Resumed, dataTls.ServerName));
        var dataConnection = Assert.Single(events.OfType<DataConnectionEvent>());
        Assert.Equal(("passive", "upload", true, 300_000L, "complete"), (dataConnection.Mode, dataConnection.Purpose, dataConnection.Protected, dataConnection.Bytes, dataConnection.End));
        Assert.Equal(((IPEndPoint)client.Socket.LocalEndPoint!).Address.ToString(), IPEndPoint.Parse(dataConnection.Peer!).Address.ToString());
        var upload = Assert.Single(events.OfType<UploadEvent>());
        Assert.Equal(("/toibm/aix/TS012345678_logs.zip", UploadOutcomes.Delivered, 300_000L), (upload.Path, upload.Outcome, upload.Bytes));
        Assert.Equal(EndReasons.Quit, Assert.IsType<SessionEndEvent>(events[^1]).Reason);
        Assert.DoesNotContain("secret", Json(events), StringComparison.Ordinal);
        Assert.Equal(transcripts.SessionIds.Single(), Assert.Single(await core.ReadReceiptsAsync()).SessionId);
    }

    [Fact]
    public async Task Lines_are_kept_as_received_escaped_where_not_utf8_and_secrets_are_masked_but_an_anonymous_email_is_kept()
    {
        var transcripts = new RecordingTranscripts();
        await using var server = await TestServer.StartAsync(transcripts: transcripts);
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();

        Assert.Equal(331, (await client.CommandAsync("USER anonymous")).Code);
        Assert.Equal(230, (await client.CommandAsync("PASS guest@example.com")).Code);
        Assert.Equal(502, (await client.CommandAsync("ACCT hidden-account")).Code);
        await client.SendRawAsync([.. "CWD caf"u8, 0xE9, .. "\\x\r\n"u8]);
        await client.ReadReplyAsync();
        await client.SendRawAsync([.. "NOOP"u8, 0x07, .. "\r\n"u8]);
        Assert.Equal(501, (await client.ReadReplyAsync()).Code);
        await client.SendRawAsync([0xFF, 0xF4, 0xFF, 0xF2, .. "ABOR\r\n"u8]);
        await client.ReadReplyAsync();
        await client.SendAsync(new string('A', 5000));
        Assert.Equal(500, (await client.ReadReplyAsync()).Code);
        await client.SendAsync("QUIT");
        await client.ReadReplyAsync();

        var commands = (await transcripts.EndedAsync()).OfType<CommandEvent>().ToList();
        Assert.Equal(
            [
                new CommandEvent("AUTH TLS"),
                new CommandEvent("USER anonymous"),
                new CommandEvent("PASS guest@example.com"),
                new CommandEvent("ACCT ****"),
                new CommandEvent(@"CWD caf\xE9\\x") { Escaped = true },
                new CommandEvent(@"NOOP\x07") { Escaped = true },
                new CommandEvent(@"\xFF\xF4\xFF\xF2ABOR") { Escaped = true },
                new CommandEvent("") { TooLong = true },
                new CommandEvent("QUIT"),
            ],
            commands.Select(command => command with { Time = default }));
    }

    [Fact]
    public async Task Ccc_and_a_failed_login_are_noted_and_the_password_of_a_failed_login_is_masked_too()
    {
        var transcripts = new RecordingTranscripts();
        await using var server = await TestServer.StartAsync(transcripts: transcripts);
        await using var client = await server.ConnectAsync();
        await client.AuthTlsAsync();
        Assert.Equal(331, (await client.CommandAsync("USER E-ABCD12345f")).Code);
        Assert.Equal(530, (await client.CommandAsync("pass wrong password")).Code);
        Assert.Equal(200, (await client.CommandAsync("CCC")).Code);
        await client.ClearTlsAsync();
        await client.SendAsync("QUIT");
        await client.ReadReplyAsync();

        var events = await transcripts.EndedAsync();
        Assert.Contains(events, e => e is CommandEvent { Line: "pass ****" });
        Assert.Contains(events, e => e is ProtectionEvent { Channel: "control", Level: "clear" });
        Assert.DoesNotContain("wrong", Json(events), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_closes_without_quit_ends_as_closed()
    {
        var transcripts = new RecordingTranscripts();
        await using var server = await TestServer.StartAsync(transcripts: transcripts);
        var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        await client.DisposeAsync();

        Assert.Equal(EndReasons.ClientClosed, Assert.IsType<SessionEndEvent>((await transcripts.EndedAsync())[^1]).Reason);
    }

    [Fact]
    public async Task A_client_killed_mid_upload_ends_as_vanished()
    {
        var transcripts = new RecordingTranscripts();
        await using var server = await TestServer.StartAsync(transcripts: transcripts);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();
        var (socket, stream, _) = await DataTransfers.OpenAsync(client, await client.ExtendedPassiveAsync(), "STOR /toibm/aix/killed.bin", protect: true);
        await stream.WriteAsync(DataTransfers.RandomBytes(256 * 1024));
        await stream.FlushAsync();

        socket.Close();
        client.Kill();

        var events = await transcripts.EndedAsync();
        Assert.Equal(EndReasons.ClientVanished, Assert.IsType<SessionEndEvent>(events[^1]).Reason);
        Assert.Contains(events, e => e is DataConnectionEvent { Purpose: "upload", End: not "complete" });
    }

    [Fact]
    public async Task An_idle_session_ends_with_the_idle_timeout()
    {
        var transcripts = new RecordingTranscripts();
        await using var server = await TestServer.StartAsync(o => o.IdleTimeout = TimeSpan.FromSeconds(1), transcripts: transcripts);
        await using var client = await server.ConnectAsync();

        Assert.Equal(421, (await client.ReadReplyAsync()).Code);

        var events = await transcripts.EndedAsync();
        Assert.Equal(EndReasons.IdleTimeout, Assert.IsType<SessionEndEvent>(events[^1]).Reason);
        Assert.StartsWith("421 ", Assert.IsType<ReplyEvent>(events[^2]).Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_stop_ends_every_session_with_server_stop()
    {
        var transcripts = new RecordingTranscripts();
        await using var server = await TestServer.StartAsync(transcripts: transcripts);
        await using var client = await server.ConnectAsync();
        await client.SecureLoginAsync();

        await server.Server.StopAsync(CancellationToken.None);

        Assert.Equal(EndReasons.ServerStop, Assert.IsType<SessionEndEvent>((await transcripts.EndedAsync())[^1]).Reason);
    }

    [Fact]
    public async Task Session_ids_are_time_sortable_ids_and_name_the_log_scope()
    {
        var transcripts = new RecordingTranscripts();
        await using var server = await TestServer.StartAsync(transcripts: transcripts);
        await using (var client = await server.ConnectAsync())
        {
            await client.CommandAsync("QUIT");
        }

        await transcripts.EndedAsync();
        var id = Assert.Single(transcripts.SessionIds);
        Assert.True(SessionIds.TryParse(id, out _), id);
    }

    private static IEnumerable<string> Wire(IEnumerable<TranscriptEvent> events) =>
        events.SelectMany(e => e switch
        {
            CommandEvent command => ["> " + command.Line],
            ReplyEvent reply => reply.Lines.Select(line => "< " + line),
            _ => [],
        });

    private static string Json(IEnumerable<TranscriptEvent> events) =>
        string.Join('\n', events.Select(e => JsonSerializer.Serialize(e, e.GetType())));

    /// <summary>What the client said and was told, as lines "> command" and "< reply line".</summary>
    private sealed class Conversation(FtpTestClient client)
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines => _lines;

        public void Received(FtpReplyMessage reply) => _lines.AddRange(reply.Lines.Select(line => "< " + line));

        public async Task<FtpReplyMessage> SayAsync(string line, string? transcribed = null)
        {
            _lines.Add("> " + (transcribed ?? line));
            var reply = await client.CommandAsync(line);
            Received(reply);
            return reply;
        }
    }
}
