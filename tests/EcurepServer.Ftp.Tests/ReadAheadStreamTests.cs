using EcurepServer.Ftp.Data;

namespace EcurepServer.Ftp.Tests;

/// <summary>Under the data connection's SslStream: few large socket reads, the bytes in order, the end reported once reached.</summary>
public sealed class ReadAheadStreamTests
{
    [Fact]
    public async Task Small_reads_are_served_from_one_large_read_in_order()
    {
        var source = Bytes(1000);
        var inner = new RecordingStream(source);
        var stream = new ReadAheadStream(inner, 256);
        var received = new List<byte>();
        var piece = new byte[5];

        int read;
        while ((read = await stream.ReadAsync(piece)) > 0)
        {
            received.AddRange(piece[..read]);
        }

        Assert.Equal(source, received);
        Assert.Equal([256, 256, 256, 256, 256], inner.Requested);
    }

    [Fact]
    public async Task A_zero_byte_read_waits_by_reading_ahead_and_the_next_read_takes_no_socket_call()
    {
        var inner = new RecordingStream(Bytes(100));
        var stream = new ReadAheadStream(inner, 256);
        var piece = new byte[40];

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(40, await stream.ReadAsync(piece));

        Assert.Equal([256], inner.Requested);
        Assert.True(stream.HasBufferedData);
    }

    [Fact]
    public async Task After_the_transport_ended_every_read_answers_zero_without_reading_again()
    {
        var inner = new RecordingStream([]);
        var stream = new ReadAheadStream(inner, 256);

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));

        Assert.Equal([256], inner.Requested);
    }

    [Fact]
    public async Task A_read_as_large_as_the_buffer_goes_straight_to_the_transport()
    {
        var inner = new RecordingStream(Bytes(1000));
        var stream = new ReadAheadStream(inner, 256);
        var large = new byte[512];

        Assert.Equal(512, await stream.ReadAsync(large));

        Assert.Equal(Bytes(1000)[..512], large);
        Assert.Equal([512], inner.Requested);
        Assert.False(stream.HasBufferedData);
    }

    private static byte[] Bytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)(i * 7))];

    private sealed class RecordingStream(byte[] source) : MemoryStream(source, writable: false)
    {
        public List<int> Requested { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Requested.Add(buffer.Length);
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
