using EcurepServer.Core.Tests.Support;
using EcurepServer.Core.Transcripts;
using EcurepServer.Core.Transcripts.Events;
using EcurepServer.Sftp.Tests.Support;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>What an SFTP session's transcript holds: each request with what it named and its answer, WRITEs folded.</summary>
public sealed class SessionTranscriptTests : IAsyncDisposable
{
    private readonly SftpFixture _fixture = new(maxUploadBytes: 8 * 1024 * 1024);
    private readonly RecordingTranscript _transcript = new();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Thousands_of_writes_to_one_handle_are_one_event_between_open_and_close()
    {
        await using var client = await _fixture.StartInitializedAsync(transcript: _transcript);
        var data = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(data);

        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/TS012345678_big.bin", data, chunk: 1024)).Code);
        await client.EndAsync();

        var events = _transcript.Events;
        Assert.True(events.Count <= 6, string.Join('\n', events));
        Assert.Equal(new SftpInitEvent(3, 3), events[0]);
        var open = Assert.IsType<SftpRequestEvent>(events[1]);
        Assert.Equal(("OPEN", "/toibm/aix/TS012345678_big.bin", "WRITE|CREAT|TRUNC", "HANDLE"), (open.Request, open.Path, open.Flags, open.Reply));
        var writes = Assert.IsType<SftpWritesEvent>(events[2]);
        Assert.Equal(
            (open.Handle!.Value, open.Id + 1, open.Id + 4096, 0UL, (ulong)data.Length, 4096L, (long)data.Length, "OK", "/toibm/aix/TS012345678_big.bin"),
            (writes.Handle, writes.FirstId, writes.LastId, writes.FromOffset, writes.ToOffset, writes.Count, writes.Bytes, writes.Status, writes.Path));
        // CLOSE delivers the upload before it is answered.
        var delivered = Assert.IsType<UploadEvent>(events[3]);
        var close = Assert.IsType<SftpRequestEvent>(events[4]);
        Assert.Equal(("CLOSE", "/toibm/aix/TS012345678_big.bin", "STATUS", "OK"), (close.Request, close.Path, close.Reply, close.Status));
        Assert.Equal((UploadOutcomes.Delivered, (long)data.Length), (delivered.Outcome, delivered.Bytes));
    }

    [Fact]
    public async Task A_1_GiB_upload_of_32768_pipelined_writes_is_a_handful_of_events()
    {
        const int Chunk = 32 * 1024;
        const long Size = 1024L * 1024 * 1024;
        await using var fixture = new SftpFixture();
        await using var client = await fixture.StartInitializedAsync(transcript: _transcript);
        var handle = await client.OpenHandleAsync("/toibm/aix/TS012345678_1GiB.bin", Write | Create | Truncate);
        var chunk = new byte[Chunk];

        // As OpenSSH's sftp does: up to 64 WRITEs in flight, each reply taken in turn.
        var inFlight = new Queue<uint>();
        for (long offset = 0; offset < Size; offset += Chunk)
        {
            var at = (ulong)offset;
            inFlight.Enqueue(await client.SendAsync(6, p => p.String(handle).UInt64(at).String(chunk)));
            if (inFlight.Count == 64)
            {
                ExpectOk(await client.ReceiveAsync(inFlight.Dequeue()));
            }
        }

        while (inFlight.Count > 0)
        {
            ExpectOk(await client.ReceiveAsync(inFlight.Dequeue()));
        }

        ExpectOk(await client.CloseAsync(handle));
        await client.EndAsync();

        var events = _transcript.Events;
        Assert.True(events.Count <= 6, string.Join('\n', events));
        var writes = Assert.Single(events.OfType<SftpWritesEvent>());
        Assert.Equal((32768L, Size, (ulong)Size, "OK"), (writes.Count, writes.Bytes, writes.ToOffset, writes.Status));
        Assert.Contains(events, e => e is UploadEvent { Outcome: UploadOutcomes.Delivered, Bytes: Size });
    }

    [Fact]
    public async Task Refusals_are_noted_with_their_status_and_failing_writes_fold_apart_from_the_good_ones()
    {
        await using var client = await _fixture.StartInitializedAsync(transcript: _transcript);
        Assert.Equal(PermissionDenied, ReadStatus(await client.OpenAsync("/toibm/x.bin", Write | Create | Truncate)).Code);
        var handle = await client.OpenHandleAsync("/toibm/aix/big.bin", Write | Create | Truncate);
        var chunk = new byte[32 * 1024];
        for (var i = 0; i < 260; i++)
        {
            await client.WriteAsync(handle, (ulong)(i * chunk.Length), chunk);
        }

        await client.StatAsync("/toibm");
        await client.EndAsync();

        var events = _transcript.Events;
        Assert.Equal(UploadOutcomes.Refused, Assert.IsType<UploadEvent>(events[1]).Outcome);
        var refused = Assert.IsType<SftpRequestEvent>(events[2]);
        Assert.Equal(("OPEN", "/toibm/x.bin", "PERMISSION_DENIED"), (refused.Request, refused.Path, refused.Status));
        Assert.False(string.IsNullOrEmpty(refused.Message));
        var folds = events.OfType<SftpWritesEvent>().ToList();
        Assert.Equal([(256L, "OK"), (4L, "FAILURE")], folds.Select(fold => (fold.Count, fold.Status)));
        Assert.Contains("maximum upload size", folds[1].Message, StringComparison.Ordinal);
        Assert.Equal((256UL * 32 * 1024, 260UL * 32 * 1024), (folds[1].FromOffset, folds[1].ToOffset));
        Assert.Equal("STAT", Assert.IsType<SftpRequestEvent>(events[events.ToList().IndexOf(folds[1]) + 1]).Request);
    }

    [Fact]
    public async Task Writes_to_two_handles_in_turn_fold_per_run()
    {
        await using var client = await _fixture.StartInitializedAsync(transcript: _transcript);
        var first = await client.OpenHandleAsync("/toibm/aix/a.bin", Write | Create | Truncate);
        var second = await client.OpenHandleAsync("/toibm/aix/b.bin", Write | Create | Truncate);
        byte[] data = [1, 2, 3, 4];
        await client.WriteAsync(first, 0, data);
        await client.WriteAsync(first, 4, data);
        await client.WriteAsync(second, 0, data);
        await client.WriteAsync(first, 8, data);
        ExpectOk(await client.CloseAsync(first));
        await client.EndAsync();

        Assert.Equal(
            [("/toibm/aix/a.bin", 2L), ("/toibm/aix/b.bin", 1L), ("/toibm/aix/a.bin", 1L)],
            _transcript.Events.OfType<SftpWritesEvent>().Select(fold => (fold.Path, fold.Count)));
        Assert.Contains(_transcript.Events, e => e is UploadEvent { Path: "/toibm/aix/b.bin", Outcome: UploadOutcomes.Kept });
    }

    [Fact]
    public async Task Without_a_transcript_nothing_is_noted_and_uploads_work_as_ever()
    {
        await using var client = await _fixture.StartInitializedAsync();

        Assert.Equal(Ok, (await client.PutAsync("/toibm/aix/plain.bin", [1, 2, 3])).Code);
        Assert.Single(await _fixture.ReadReceiptsAsync());
        Assert.False(SessionTranscript.None.IsEnabled);
    }
}
