using EcurepServer.Ftp.Protocol;

namespace EcurepServer.Ftp.Tests;

public sealed class CommandLineReaderTests
{
    [Fact]
    public async Task An_idle_session_waits_for_its_next_command_with_a_zero_byte_read()
    {
        var stream = new RecordingStream("NOOP\r\n"u8.ToArray(), "QUIT\r\n"u8.ToArray());
        var reader = new CommandLineReader(4096);
        reader.Attach(stream);

        Assert.Equal("NOOP", (await reader.ReadAsync(CancellationToken.None)).Verb);
        Assert.Equal("QUIT", (await reader.ReadAsync(CancellationToken.None)).Verb);

        // Before each command the reader holds no buffer: it asks the stream with an empty one first.
        Assert.Equal(0, stream.ReadSizes[0]);
        Assert.Equal(2, stream.ReadSizes.Count(size => size == 0));
    }
}
