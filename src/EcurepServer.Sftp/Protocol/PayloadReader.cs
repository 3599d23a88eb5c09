using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EcurepServer.Sftp.Protocol;

/// <summary>Reads the big-endian fields of one message; a field running past the end is a bad message.</summary>
internal ref struct PayloadReader(ReadOnlySequence<byte> payload)
{
    /// <summary>Handles are 4 bytes; anything else names no handle.</summary>
    public const uint NoHandle = 0;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SequenceReader<byte> _reader = new(payload);

    public readonly long Consumed => _reader.Consumed;

    public uint ReadUInt32() => _reader.TryReadBigEndian(out int value) ? (uint)value : throw RequestException.Truncated();

    public ulong ReadUInt64() => _reader.TryReadBigEndian(out long value) ? (ulong)value : throw RequestException.Truncated();

    /// <summary>A string's bytes, still in the input buffer: valid only while the message is being handled.</summary>
    public ReadOnlySequence<byte> ReadBytes()
    {
        var length = ReadUInt32();
        if (length > _reader.Remaining)
        {
            throw RequestException.Truncated();
        }

        var bytes = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        return bytes;
    }

    public void SkipString() => ReadBytes();

    /// <summary>A name or path; SFTP 3 leaves the charset open, this server takes UTF-8 only.</summary>
    public string ReadText()
    {
        var bytes = ReadBytes();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new RequestException(StatusCode.NoSuchFile, "Invalid path: names must be UTF-8.");
        }
    }

    public uint ReadHandle()
    {
        var bytes = ReadBytes();
        if (bytes.Length != sizeof(uint))
        {
            return NoHandle;
        }

        Span<byte> value = stackalloc byte[sizeof(uint)];
        bytes.CopyTo(value);
        return BinaryPrimitives.ReadUInt32BigEndian(value);
    }
}
