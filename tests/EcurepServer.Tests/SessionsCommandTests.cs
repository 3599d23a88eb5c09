using System.Text.Json;
using EcurepServer.Cli;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

public sealed class SessionsCommandTests : IDisposable
{
    private const string Ftps = "20260102T030405Z-0a1b";
    private const string Sftp = "20260102T040000Z-ffff";
    private const string Running = "20260103T000000Z-0001";
    private static readonly DateTimeOffset Began = DateTimeOffset.Parse("2026-01-02T03:04:05.250Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly TempWorkspace _workspace = new();

    public SessionsCommandTests()
    {
        Write(Ftps, Began,
            new SessionStartEvent("ftps", "Europe", "192.0.2.7:40000", "192.0.2.1:2121"),
            new ReplyEvent(["220-Welcome", "220 ready"]),
            new CommandEvent("AUTH TLS"),
            new ReplyEvent(["234 AUTH TLS successful"]),
            new TlsEvent("control") { Protocol = "TLSv1.2", CipherSuite = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ServerName = "localhost", Resumed = false },
            new CommandEvent("USER E-ALICE00001a"),
            new ReplyEvent(["331 Password required for E-ALICE00001a"]),
            new CommandEvent("PASS ****"),
            new LoginEvent("E-ALICE00001a", true, false, "E-ALICE00001a", null),
            new ReplyEvent(["230 User E-ALICE00001a logged in"]),
            new CommandEvent(@"CWD caf\xE9") { Escaped = true },
            new ReplyEvent(["550 \u202Eevil"]),
            new UploadEvent("/toibm/aix/a.zip", UploadOutcomes.Delivered, 1000, 1000) { Sha256 = new string('a', 64), StoredPath = "uploads/toibm/aix/E-ALICE00001a/a.zip" },
            new CommandEvent("QUIT"),
            new ReplyEvent(["221 Goodbye."]),
            new SessionEndEvent(EndReasons.Quit));
        Write(Sftp, Began.AddHours(1),
            new SessionStartEvent("sftp", "Americas", "198.51.100.9:50000", "192.0.2.1:2242"),
            new SshVersionEvent("SSH-2.0-paramiko_3.4.0", "SSH-2.0-EcurepServer"),
            new SshAuthEvent("anonymous", "password", "success"),
            new LoginEvent("anonymous", true, true, "guest@example.com", null),
            new SftpRequestEvent(3, "OPEN", "HANDLE") { Path = "/toibm/aix/b.bin", Flags = "WRITE|CREAT|TRUNC", Handle = 1 },
            new SftpWritesEvent(1, 4, 9, 0, 6 * 32768, 6, 6 * 32768, "OK") { Path = "/toibm/aix/b.bin" },
            new UploadEvent("/toibm/aix/b.bin", UploadOutcomes.Kept, 6 * 32768, 6 * 32768),
            new SessionEndEvent(EndReasons.ClientVanished, "the connection closed with a channel open"));
        Write(Running, Began.AddDays(1), new SessionStartEvent("ftps", "Europe", "192.0.2.8:40000", "192.0.2.1:2121"));
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task ListShowsEachSessionOldestFirst()
    {
        var run = await CliRun.InvokeAsync(_workspace, "sessions", "list");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("SESSION", lines[0], StringComparison.Ordinal);
        Assert.Matches(@$"^{Ftps}\s+2026-01-02 03:04:05\s+0\.0 s\s+E-ALICE00001a\s+192\.0\.2\.7:40000\s+ftps\s+Europe\s+1000\s+quit$", lines[1]);
        Assert.Matches(@$"^{Sftp}\s+.*guest@example\.com \(anonymous\)\s+198\.51\.100\.9:50000\s+sftp\s+Americas\s+196608\s+client-vanished$", lines[2]);
        Assert.Matches(@$"^{Running}\s+.*\s-\s+.*\s+running$", lines[3]);
    }

    [Theory]
    [InlineData(Ftps + "," + Sftp + "," + Running)]
    [InlineData(Sftp, "--failed")]
    [InlineData(Sftp, "--protocol", "sftp")]
    [InlineData(Ftps + "," + Running, "--protocol", "ftps")]
    [InlineData(Ftps, "--account", "e-alice00001a")]
    [InlineData(Sftp, "--account", "anonymous")]
    [InlineData(Sftp, "--site", "americas")]
    [InlineData(Sftp + "," + Running, "--since", "2026-01-02T04:00:00.900Z")]
    [InlineData(Running, "--since", "2026-01-03")]
    [InlineData("", "--since", "1h")]
    [InlineData(Ftps, "--since", "2026-01-01", "--site", "Europe", "--account", "E-ALICE00001a", "--protocol", "ftps")]
    public async Task FiltersCombine(string sessions, params string[] filter)
    {
        var run = await CliRun.InvokeAsync(_workspace, ["sessions", "list", "--json", .. filter]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(sessions.Split(',', StringSplitOptions.RemoveEmptyEntries), run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task JsonSumsASessionUp()
    {
        var run = await CliRun.InvokeAsync(_workspace, "sessions", "list", "--json", "--protocol", "sftp");

        using var session = JsonDocument.Parse(run.Output);
        var root = session.RootElement;
        Assert.Equal(Sftp, root.GetProperty("id").GetString());
        Assert.Equal("guest@example.com", root.GetProperty("account").GetString());
        Assert.True(root.GetProperty("anonymous").GetBoolean());
        Assert.Equal(196608, root.GetProperty("bytesUploaded").GetInt64());
        Assert.Equal("client-vanished", root.GetProperty("endReason").GetString());
        Assert.True(root.GetProperty("failed").GetBoolean());
        Assert.Equal(0, root.GetProperty("durationSeconds").GetDouble());
    }

    [Fact]
    public async Task ShowReadsLikeAnFtpClientsDebugOutputWithClientTextEscaped()
    {
        var run = await CliRun.InvokeAsync(_workspace, "sessions", "show", Ftps);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Session {Ftps}: ftps at site Europe, client 192.0.2.7:40000, server 192.0.2.1:2121, began 2026-01-02 03:04:05.250 UTC", lines[0]);
        Assert.Equal(
            [
                "< 220-Welcome", "< 220 ready", "> AUTH TLS", "< 234 AUTH TLS successful", "> USER E-ALICE00001a",
                "< 331 Password required for E-ALICE00001a", "> PASS ****", "< 230 User E-ALICE00001a logged in", @"> CWD caf\xE9",
                @"< 550 \u202Eevil", "> QUIT", "< 221 Goodbye.",
            ],
            lines.Where(line => line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith("< ", StringComparison.Ordinal)));
        Assert.Contains("    03:04:05.250 TLS on the control connection: TLSv1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, SNI localhost, new session, no client certificate", lines);
        Assert.Contains(lines, line => line.StartsWith("    03:04:05.250 upload /toibm/aix/a.zip delivered: 1000 bytes", StringComparison.Ordinal));
        Assert.Equal("    03:04:05.250 ended: quit", lines[^1]);
    }

    [Fact]
    public async Task ShowPutsOneSftpRequestOnALine()
    {
        var run = await CliRun.InvokeAsync(_workspace, "sessions", "show", Sftp);

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("> 3 OPEN /toibm/aix/b.bin [WRITE|CREAT|TRUNC]  < HANDLE 1", lines);
        Assert.Contains("> 4..9 WRITE x6 handle 1 /toibm/aix/b.bin bytes 0-196608 (196608 bytes)  < STATUS OK", lines);
        Assert.Contains(lines, line => line.EndsWith("ended: client-vanished (the connection closed with a channel open)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShowJsonPrintsTheStoredEvents()
    {
        var run = await CliRun.InvokeAsync(_workspace, "sessions", "show", Sftp, "--json");

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("{\"event\":", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../../etc/passwd", ExitCodes.Usage, "is not a session id")]
    [InlineData("20260102T030405Z-0a1c", ExitCodes.Error, "There is no transcript of session 20260102T030405Z-0a1c")]
    public async Task ShowRefusesWhatIsNoTranscript(string id, int exitCode, string message)
    {
        var run = await CliRun.InvokeAsync(_workspace, "sessions", "show", id);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoTranscriptsIsNotAnError()
    {
        using var empty = new TempWorkspace();

        var run = await CliRun.InvokeAsync(empty, "sessions", "list");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("No sessions match.", run.Output.Trim());
    }

    private void Write(string id, DateTimeOffset time, params TranscriptEvent[] events)
    {
        var file = new TranscriptStore(_workspace.PathOf("data")).FileOf(id)!;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        foreach (var transcriptEvent in events)
        {
            transcriptEvent.Time = time;
        }

        File.WriteAllLines(file, events.Select(TranscriptStore.Serialize));
    }
}
