using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace EcurepServer.Ftp.Protocol;

/// <summary>
/// Reads CRLF (or bare LF) terminated command lines with a hard length bound. A line over the bound is
/// reported once and the rest of it discarded without buffering it. Lines are UTF-8 (RFC 2640); a line that is not
/// valid UTF-8 comes from a client that sends 8-bit names in its own code page and is read as Latin-1.
/// </summary>
internal sealed class CommandLineReader(int maxLineBytes)
{
    private PipeReader? _reader;
    private bool _discarding;

    /// <summary>Reads from a new stream; bytes buffered from the old one are dropped (plaintext sent after AUTH must not count).</summary>
    /// <remarks>
    /// An idle session waits with a zero-byte read, which SslStream passes down to the socket, so neither the reader
    /// nor SslStream holds a buffer until the next command arrives.
    /// </remarks>
    public void Attach(Stream stream)
    {
        _reader?.Complete();
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
        _discarding = false;
    }

    public async ValueTask<CommandLine> ReadAsync(CancellationToken cancellationToken)
    {
        var reader = _reader ?? throw new InvalidOperationException("No stream attached.");
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                var wasDiscarding = _discarding;
                _discarding = false;
                var parsed = wasDiscarding ? default : line.Length > maxLineBytes ? CommandLine.TooLong : Decode(line);
                reader.AdvanceTo(buffer.GetPosition(1, newline));
                if (!wasDiscarding)
                {
                    return parsed;
                }

                continue;
            }

            if (_discarding || buffer.Length > maxLineBytes)
            {
                var first = !_discarding;
                _discarding = true;
                reader.AdvanceTo(buffer.End);
                if (first)
                {
                    return CommandLine.TooLong;
                }

                if (result.IsCompleted)
                {
                    return CommandLine.EndOfStream;
                }

                continue;
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return CommandLine.EndOfStream;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public void Complete() => _reader?.Complete();

    private static CommandLine Decode(ReadOnlySequence<byte> line)
    {
        var length = (int)line.Length;
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            line.CopyTo(rented);
            var bytes = rented.AsSpan(0, length);
            if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
            }

            var raw = bytes.ToArray();

            // Clients signal ABOR with Telnet IAC IP / IAC DM (RFC 959 section 4.1.3); those bytes precede the verb.
            var start = 0;
            while (start < bytes.Length && bytes[start] >= 0xF0)
            {
                start++;
            }

            bytes = bytes[start..];

            // Control characters inside a line could smuggle a CR into an echoed reply.
            if (bytes.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || bytes.IndexOf((byte)0x7F) >= 0)
            {
                return CommandLine.Malformed with { Raw = raw };
            }

            if (System.Text.Unicode.Utf8.IsValid(bytes))
            {
                return CommandLine.Parse(Encoding.UTF8.GetString(bytes)) with { Raw = raw };
            }

            // In Latin-1, 0x80-0x9F are the C1 control characters.
            if (bytes.IndexOfAnyInRange((byte)0x80, (byte)0x9F) >= 0)
            {
                return CommandLine.Malformed with { Raw = raw };
            }

            return CommandLine.Parse(Encoding.Latin1.GetString(bytes)) with { Raw = raw, ReadAsLatin1 = true };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
