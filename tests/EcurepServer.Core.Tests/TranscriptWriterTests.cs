using System.Diagnostics;
using System.Text.Json;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Tests;

public sealed class TranscriptWriterTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly ListLogger<TranscriptWriter> _logger = new();
    private TranscriptWriter _writer = null!;

    public Task InitializeAsync()
    {
        _writer = Create(TranscriptOptions.DefaultMaxQueuedEvents);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Writes_one_json_line_per_event_into_the_sessions_day_folder()
    {
        var id = SessionIds.New(_time.GetUtcNow());
        var transcript = _writer.Open(id);
        transcript.Write(new SessionStartEvent("ftps", "Europe", "127.0.0.1:40000", "127.0.0.1:2121"));
        transcript.Write(new CommandEvent("USER E-ABCD12345f"));
        _time.Advance(TimeSpan.FromSeconds(1));
        transcript.Write(new ReplyEvent(["230-Welcome", "230 User E-ABCD12345f logged in"]));
        transcript.End(EndReasons.Quit);
        transcript.Write(new CommandEvent("NOOP"));
        await _writer.FlushAsync(CancellationToken.None);

        var file = _directory.Combine("sessions", "2025-01-01", id + ".jsonl");
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("{\"event\":", line, StringComparison.Ordinal));
        using (var reply = JsonDocument.Parse(lines[2]))
        {
            Assert.Equal("reply", reply.RootElement.GetProperty("event").GetString());
            Assert.Equal(_time.GetUtcNow(), reply.RootElement.GetProperty("time").GetDateTimeOffset());
            Assert.Equal(2, reply.RootElement.GetProperty("lines").GetArrayLength());
        }

        var events = await TranscriptStore.ReadAsync(file, CancellationToken.None);
        Assert.Equal(["start", "command", "reply", "end"], events.Select(Kind));
        Assert.Equal("USER E-ABCD12345f", ((CommandEvent)events[1]).Line);
        Assert.Equal(["230-Welcome", "230 User E-ABCD12345f logged in"], ((ReplyEvent)events[2]).Lines);
        Assert.Equal(new SessionEndEvent(EndReasons.Quit) { Time = _time.GetUtcNow() }, events[3]);
        Assert.Equal([(id, file)], new TranscriptStore(_directory.Path).Sessions(null));
    }

    [Fact]
    public void An_id_that_is_no_session_id_gets_no_transcript()
    {
        Assert.Same(SessionTranscript.None, _writer.Open("../../escape"));
        Assert.False(Directory.Exists(_directory.Combine("sessions")));
    }

    [Fact]
    public async Task A_writer_that_falls_behind_drops_and_counts_events_and_never_blocks_a_session()
    {
        await _writer.DisposeAsync();
        _writer = Create(16);

        // A FIFO nobody reads holds the writer in its open until the test reads it: the writer is stuck, as on a hung disk.
        var stuckId = SessionIds.New(_time.GetUtcNow());
        var stuckFile = new TranscriptStore(_directory.Path).FileOf(stuckId)!;
        Directory.CreateDirectory(Path.GetDirectoryName(stuckFile)!);
        using (var mkfifo = Process.Start("mkfifo", [stuckFile]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        _writer.Open(stuckId).Write(new CommandEvent("STUCK"));
        var busy = _writer.Open(SessionIds.New(_time.GetUtcNow()));
        for (var i = 0; i < 1000; i++)
        {
            busy.Write(new CommandEvent("NOOP"));
        }

        Assert.InRange(_writer.DroppedEvents, 1000 - 17, 1000);
        Assert.Single(_logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("behind", StringComparison.Ordinal));

        var drained = File.ReadAllTextAsync(stuckFile);
        await _writer.FlushAsync(CancellationToken.None);
        Assert.Contains("STUCK", await drained, StringComparison.Ordinal);
        busy.End(EndReasons.Quit);
        await _writer.FlushAsync(CancellationToken.None);

        var (_, busyFile) = Assert.Single(new TranscriptStore(_directory.Path).Sessions(null), session => session.File != stuckFile);
        var events = await TranscriptStore.ReadAsync(busyFile, CancellationToken.None);
        var end = Assert.IsType<SessionEndEvent>(events[^1]);
        Assert.Equal(_writer.DroppedEvents, end.DroppedEvents);
        Assert.Equal(1000 - _writer.DroppedEvents, events.Count - 1);
        Assert.Contains(_logger.Entries, entry => entry.Message.Contains("caught up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_still_queued_at_dispose_are_written()
    {
        var id = SessionIds.New(_time.GetUtcNow());
        var transcript = _writer.Open(id);
        for (var i = 0; i < 500; i++)
        {
            transcript.Write(new CommandEvent("NOOP " + i));
        }

        await _writer.DisposeAsync();

        var events = await TranscriptStore.ReadAsync(new TranscriptStore(_directory.Path).FileOf(id)!, CancellationToken.None);
        Assert.Equal(500, events.Count);
        Assert.Equal("NOOP 499", ((CommandEvent)events[^1]).Line);
    }

    private static string Kind(TranscriptEvent transcriptEvent) => transcriptEvent switch
    {
        SessionStartEvent => "start",
        CommandEvent => "command",
        ReplyEvent => "reply",
        SessionEndEvent => "end",
        _ => "other",
    };

    private TranscriptWriter Create(int capacity) =>
        new(
            Options.Create(new TranscriptOptions { MaxQueuedEvents = capacity }),
            Options.Create(new DropBoxOptions { DataDirectory = _directory.Path }),
            _time,
            _logger);
}
