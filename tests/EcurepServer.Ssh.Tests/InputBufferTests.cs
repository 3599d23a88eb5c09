using EcurepServer.Ssh.Transport;

namespace EcurepServer.Ssh.Tests;

public sealed class InputBufferTests
{
    [Fact]
    public async Task An_empty_small_buffer_waits_with_a_zero_byte_read_and_the_large_one_reads_at_once()
    {
        var stream = new RecordingStream([1, 2, 3, 4], [5, 6], new byte[20_000], [7]);
        var input = new SshInputBuffer(stream, 64 * 1024);

        await input.EnsureAsync(4, CancellationToken.None);
        Assert.Equal([1, 2, 3, 4], input.Peek(4).ToArray());
        input.Consume(4);
        await input.EnsureAsync(2, CancellationToken.None);
        Assert.Equal([5, 6], input.Peek(2).ToArray());
        input.Consume(2);
        await input.EnsureAsync(20_000, CancellationToken.None);
        input.Consume(20_000);
        await input.EnsureAsync(1, CancellationToken.None);
        Assert.Equal([7], input.Peek(1).ToArray());

        // Idle between packets the connection holds no buffer; once a bulk packet needed the large one it keeps it.
        Assert.Equal([0, 8192, 0, 8192, 0, 64 * 1024, 64 * 1024], stream.ReadSizes);
    }

    [Fact]
    public async Task The_client_closing_while_idle_ends_the_stream()
    {
        var input = new SshInputBuffer(new RecordingStream(), 64 * 1024);

        await Assert.ThrowsAsync<EndOfStreamException>(() => input.EnsureAsync(1, CancellationToken.None).AsTask());
    }
}
