using EcurepServer.Ftp.Data;

namespace EcurepServer.Ftp.Tests;

/// <summary>The upload buffer is filled from many short reads, and bytes that came before a failure are not lost.</summary>
public sealed class ChunkFillerTests
{
    [Fact]
    public async Task Short_reads_fill_the_whole_buffer_in_order()
    {
        var source = Bytes(100);
        var stream = new ScriptedStream(source, maxRead: 7);
        var buffer = new byte[64];
        var reads = new List<int>();

        var chunk = await ChunkFiller.FillAsync(stream, buffer, () => true, Record(reads), CancellationToken.None);

        Assert.Equal(new FilledChunk(64, false, null), chunk);
        Assert.Equal(source[..64], buffer);
        Assert.Equal(64, reads.Sum());
        Assert.All(reads, read => Assert.InRange(read, 1, 7));
    }

    [Fact]
    public async Task A_read_never_asks_for_more_than_the_room_left()
    {
        var stream = new ScriptedStream(Bytes(100), maxRead: 30);
        var buffer = new byte[64];

        await ChunkFiller.FillAsync(stream, buffer, () => true, Record([]), CancellationToken.None);

        Assert.Equal([64, 34, 4], stream.Requested);
    }

    [Fact]
    public async Task The_end_of_the_stream_returns_what_arrived_and_says_it_ended()
    {
        var source = Bytes(100);
        var stream = new ScriptedStream(source, maxRead: 16);
        var buffer = new byte[64];

        var first = await ChunkFiller.FillAsync(stream, buffer, () => true, Record([]), CancellationToken.None);
        var second = await ChunkFiller.FillAsync(stream, buffer, () => true, Record([]), CancellationToken.None);
        var third = await ChunkFiller.FillAsync(stream, buffer, () => true, Record([]), CancellationToken.None);

        Assert.Equal(new FilledChunk(64, false, null), first);
        Assert.Equal(new FilledChunk(36, true, null), second);
        Assert.Equal(source[64..], buffer[..36]);
        Assert.Equal(new FilledChunk(0, true, null), third);
    }

    [Fact]
    public async Task A_stream_ending_exactly_at_the_boundary_gives_a_full_chunk_then_an_empty_end()
    {
        var stream = new ScriptedStream(Bytes(64), maxRead: 16);
        var buffer = new byte[64];

        Assert.Equal(new FilledChunk(64, false, null), await ChunkFiller.FillAsync(stream, buffer, () => true, Record([]), CancellationToken.None));
        Assert.Equal(new FilledChunk(0, true, null), await ChunkFiller.FillAsync(stream, buffer, () => true, Record([]), CancellationToken.None));
    }

    [Fact]
    public async Task A_failure_mid_buffer_returns_the_bytes_before_it_with_the_failure()
    {
        var source = Bytes(100);
        var stream = new ScriptedStream(source, maxRead: 10, failAfter: 25);
        var buffer = new byte[64];

        var chunk = await ChunkFiller.FillAsync(stream, buffer, () => true, Record([]), CancellationToken.None);

        Assert.Equal(25, chunk.Count);
        Assert.False(chunk.Ended);
        Assert.IsType<IOException>(chunk.Failure);
        Assert.Equal(source[..25], buffer[..25]);
    }

    [Fact]
    public async Task A_failure_before_any_byte_is_returned_with_no_bytes()
    {
        var stream = new ScriptedStream(Bytes(100), maxRead: 10, failAfter: 0);

        var chunk = await ChunkFiller.FillAsync(stream, new byte[64], () => true, Record([]), CancellationToken.None);

        Assert.Equal(0, chunk.Count);
        Assert.False(chunk.Ended);
        Assert.IsType<IOException>(chunk.Failure);
    }

    [Fact]
    public async Task A_failing_after_read_step_keeps_the_bytes_of_that_read()
    {
        var stream = new ScriptedStream(Bytes(100), maxRead: 10);
        var calls = 0;

        var chunk = await ChunkFiller.FillAsync(stream, new byte[64], () => true, _ => ++calls == 2 ? throw new OperationCanceledException() : ValueTask.CompletedTask, CancellationToken.None);

        Assert.Equal(20, chunk.Count);
        Assert.IsType<OperationCanceledException>(chunk.Failure);
    }

    [Fact]
    public async Task Once_it_has_data_it_does_not_wait_for_more()
    {
        var stream = new ScriptedStream(Bytes(100), maxRead: 10);
        var waiting = 2;

        var chunk = await ChunkFiller.FillAsync(stream, new byte[64], () => waiting-- > 0, Record([]), CancellationToken.None);

        Assert.Equal(new FilledChunk(30, false, null), chunk);
        Assert.Equal(3, stream.Requested.Count);
    }

    private static Func<int, ValueTask> Record(List<int> reads) => read =>
    {
        reads.Add(read);
        return ValueTask.CompletedTask;
    };

    private static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 7 + 1)).ToArray();

    /// <summary>Serves its bytes at most <c>maxRead</c> per read; throws an IOException once <c>failAfter</c> bytes were served.</summary>
    private sealed class ScriptedStream(byte[] source, int maxRead, int failAfter = -1) : ReadOnlyTestStream
    {
        private int _position;

        public List<int> Requested { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Requested.Add(buffer.Length);
            if (_position == failAfter)
            {
                throw new IOException("connection reset");
            }

            var limit = failAfter >= 0 ? failAfter : source.Length;
            var count = Math.Min(Math.Min(buffer.Length, maxRead), limit - _position);
            source.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }
    }
}
