using System.Buffers.Binary;
using System.Text;

namespace EcurepServer.Sftp.Protocol;

/// <summary>Writes big-endian fields into a span sized beforehand for the whole message.</summary>
internal ref struct SpanWriter(Span<byte> span)
{
    private readonly Span<byte> _span = span;

    public int Position { get; private set; }

    public readonly Span<byte> Written => _span[..Position];

    public void Byte(byte value) => _span[Position++] = value;

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span[Position..], value);
        Position += sizeof(uint);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_span[Position..], value);
        Position += sizeof(ulong);
    }

    public void String(string value)
    {
        var length = Encoding.UTF8.GetBytes(value, _span[(Position + sizeof(uint))..]);
        UInt32((uint)length);
        Position += length;
    }

    public void String(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        value.CopyTo(_span[Position..]);
        Position += value.Length;
    }

    /// <summary>Bytes a string field may take at most.</summary>
    public static int MaxStringBytes(string value) => sizeof(uint) + Encoding.UTF8.GetMaxByteCount(value.Length);
}
