using EcurepServer.Core;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Tree;
using EcurepServer.Core.Uploads;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Tests.Fakes;

namespace EcurepServer.Ftp.Tests;

/// <summary>A chunk is written off the receiving path, from its own buffer, one at a time, and its outcome is kept for the runner.</summary>
public sealed class ChunkWriterTests
{
    [Fact]
    public async Task Start_returns_while_the_chunk_is_written_and_the_next_chunk_gets_the_other_buffer()
    {
        var upload = new GatedUpload();
        var writer = new ChunkWriter(upload, 16);
        var first = writer.FreeBuffer;
        first.Span.Fill(1);

        writer.Start(16, CancellationToken.None);
        await upload.WriteStarted.Task.WaitAsync(Eventually.Deadline);

        var second = writer.FreeBuffer;
        Assert.False(second.Span.Overlaps(first.Span));
        second.Span.Fill(2);
        upload.Gate.SetResult();
        Assert.Equal(new WrittenChunk(0, 16, null), await writer.FinishAsync());
        Assert.Equal(Enumerable.Repeat((byte)1, 16), upload.Bytes);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task Finishing_with_no_write_in_flight_gives_nothing()
    {
        var writer = new ChunkWriter(new GatedUpload(), 16);

        Assert.Null(await writer.FinishAsync());
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task A_refused_write_gives_its_refusal_and_the_lengths_around_it()
    {
        var upload = new GatedUpload { RefuseFrom = 20 };
        upload.Gate.SetResult();
        var writer = new ChunkWriter(upload, 16);

        writer.Start(16, CancellationToken.None);
        Assert.Equal(new WrittenChunk(0, 16, null), await writer.FinishAsync());
        writer.Start(16, CancellationToken.None);
        var refused = await writer.FinishAsync();

        Assert.Equal(16, refused!.Value.Before);
        Assert.Equal(16, refused.Value.After);
        Assert.Equal(RefusalKind.TooLarge, refused.Value.Refusal!.Kind);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task A_second_write_cannot_start_before_the_first_is_finished()
    {
        var upload = new GatedUpload();
        var writer = new ChunkWriter(upload, 16);
        writer.Start(8, CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => writer.Start(8, CancellationToken.None));
        upload.Gate.SetResult();
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_waits_for_the_write_in_flight()
    {
        var upload = new GatedUpload();
        var writer = new ChunkWriter(upload, 16);
        writer.Start(8, CancellationToken.None);
        await upload.WriteStarted.Task.WaitAsync(Eventually.Deadline);

        var disposing = writer.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        upload.Gate.SetResult();
        await disposing.WaitAsync(Eventually.Deadline);

        Assert.Equal(8, upload.Length);
    }

    [Fact]
    public async Task A_cancelled_write_throws_when_finished()
    {
        var upload = new GatedUpload();
        var writer = new ChunkWriter(upload, 16);
        using var cancel = new CancellationTokenSource();
        writer.Start(8, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await writer.FinishAsync());
        await writer.DisposeAsync();
    }

    /// <summary>Writes wait for <see cref="Gate"/>; a write that would pass <see cref="RefuseFrom"/> bytes is refused as too large.</summary>
    private sealed class GatedUpload : IUpload
    {
        private readonly MemoryStream _data = new();

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long RefuseFrom { get; init; } = long.MaxValue;

        public byte[] Bytes => _data.ToArray();

        public VirtualPath Path => Paths.Of("/toibm/aix/chunks.bin");

        public long Length => _data.Length;

        public async ValueTask<Outcome<long>> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            WriteStarted.TrySetResult();
            await Gate.Task.WaitAsync(cancellationToken);
            if (Length + data.Length > RefuseFrom)
            {
                return Outcome<long>.Refused(RefusalKind.TooLarge, "File too large");
            }

            _data.Write(data.Span);
            return Outcome<long>.Success(Length);
        }

        public ValueTask<Outcome<VirtualPath>> RenameAsync(VirtualPath path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<Outcome<long>> FlushAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<Outcome<Receipt>> CommitAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
