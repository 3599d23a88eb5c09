using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace EcurepServer.Ssh.Protocol;

/// <summary>Writes RFC 4251 data types into a growable buffer that can be reset and reused.</summary>
internal sealed class SshWriter(int initialCapacity = 256)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(initialCapacity);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public int Length => _buffer.WrittenCount;

    public void Reset() => _buffer.ResetWrittenCount();

    public SshWriter Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public SshWriter Boolean(bool value) => Byte(value ? (byte)1 : (byte)0);

    public SshWriter UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public SshWriter UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public SshWriter Raw(ReadOnlySpan<byte> value)
    {
        _buffer.Write(value);
        return this;
    }

    /// <summary>A <c>string</c>: uint32 length, then the bytes.</summary>
    public SshWriter Binary(ReadOnlySpan<byte> value) => UInt32((uint)value.Length).Raw(value);

    public SshWriter Utf8(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        UInt32((uint)count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
        return this;
    }

    public SshWriter NameList(IEnumerable<string> names) => Utf8(string.Join(',', names));

    /// <summary>An <c>mpint</c> from an unsigned big-endian magnitude: leading zeros dropped, a zero byte added when the top bit is set.</summary>
    public SshWriter MPIntUnsigned(ReadOnlySpan<byte> magnitude)
    {
        var start = 0;
        while (start < magnitude.Length && magnitude[start] == 0)
        {
            start++;
        }

        var trimmed = magnitude[start..];
        var pad = trimmed.Length > 0 && (trimmed[0] & 0x80) != 0;
        UInt32((uint)(trimmed.Length + (pad ? 1 : 0)));
        if (pad)
        {
            Byte(0);
        }

        return Raw(trimmed);
    }

    public SshWriter MPInt(BigInteger value) => Binary(value.ToByteArray(isUnsigned: false, isBigEndian: true));
}
