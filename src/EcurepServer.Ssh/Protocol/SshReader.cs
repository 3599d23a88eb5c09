using System.Buffers.Binary;
using System.Text;

namespace EcurepServer.Ssh.Protocol;

/// <summary>Reads RFC 4251 data types from a payload; running past the end is a protocol error, never an overrun.</summary>
internal ref struct SshReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly int Remaining => _rest.Length;

    public readonly bool AtEnd => _rest.IsEmpty;

    public byte ReadByte()
    {
        var value = Take(1)[0];
        return value;
    }

    public bool ReadBoolean() => ReadByte() != 0;

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    /// <summary>A <c>string</c> as raw bytes, a slice of the payload.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = ReadUInt32();
        if (length > (uint)_rest.Length)
        {
            throw Truncated();
        }

        return Take((int)length);
    }

    public string ReadUtf8()
    {
        try
        {
            return StrictUtf8.GetString(ReadBinary());
        }
        catch (DecoderFallbackException)
        {
            throw new SshProtocolException(SshDisconnectReason.ProtocolError, "string is not valid UTF-8");
        }
    }

    /// <summary>A <c>name-list</c>: comma-separated US-ASCII names.</summary>
    public string[] ReadNameList()
    {
        var text = Encoding.ASCII.GetString(ReadBinary());
        return text.Length == 0 ? [] : text.Split(',');
    }

    /// <summary>An <c>mpint</c> as its two's-complement big-endian bytes (possibly with a leading zero).</summary>
    public ReadOnlySpan<byte> ReadMPIntBytes() => ReadBinary();

    public ReadOnlySpan<byte> ReadRaw(int count) => Take(count);

    public readonly void EnsureEnd()
    {
        if (!_rest.IsEmpty)
        {
            throw new SshProtocolException(SshDisconnectReason.ProtocolError, "unexpected bytes after the end of a message");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static SshProtocolException Truncated() =>
        new(SshDisconnectReason.ProtocolError, "message ends before its last field");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length)
        {
            throw Truncated();
        }

        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
