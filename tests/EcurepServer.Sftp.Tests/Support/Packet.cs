using System.Buffers.Binary;
using System.Text;

namespace EcurepServer.Sftp.Tests.Support;

/// <summary>Builds the fields of a raw SFTP message, as a client would.</summary>
public sealed class PacketBuilder
{
    private readonly MemoryStream _bytes = new();

    public PacketBuilder UInt32(uint value)
    {
        Span<byte> span = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(span, value);
        _bytes.Write(span);
        return this;
    }

    public PacketBuilder UInt64(ulong value)
    {
        Span<byte> span = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(span, value);
        _bytes.Write(span);
        return this;
    }

    public PacketBuilder String(string value) => String(Encoding.UTF8.GetBytes(value));

    public PacketBuilder String(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        _bytes.Write(value);
        return this;
    }

    /// <summary>ATTRS with only the given fields.</summary>
    public PacketBuilder Attrs(ulong? size = null, uint? permissions = null, (uint Atime, uint Mtime)? times = null)
    {
        var flags = (size is null ? 0u : 1u) | (permissions is null ? 0u : 4u) | (times is null ? 0u : 8u);
        UInt32(flags);
        if (size is { } s)
        {
            UInt64(s);
        }

        if (permissions is { } p)
        {
            UInt32(p);
        }

        if (times is { } t)
        {
            UInt32(t.Atime);
            UInt32(t.Mtime);
        }

        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>A whole message: length, type, fields.</summary>
    public static byte[] Message(byte type, byte[] fields)
    {
        var message = new byte[4 + 1 + fields.Length];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)(1 + fields.Length));
        message[4] = type;
        fields.CopyTo(message, 5);
        return message;
    }
}

/// <summary>One reply from the server, with readers for the reply types' fields.</summary>
public sealed class Reply(byte type, byte[] body)
{
    public const byte Version = 2;
    public const byte Status = 101;
    public const byte Handle = 102;
    public const byte Data = 103;
    public const byte Name = 104;
    public const byte Attrs = 105;
    public const byte ExtendedReply = 201;

    private int _position;

    public byte Type { get; } = type;

    public byte[] Body { get; } = body;

    public uint ReadUInt32()
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(_position));
        _position += 4;
        return value;
    }

    public ulong ReadUInt64()
    {
        var value = BinaryPrimitives.ReadUInt64BigEndian(Body.AsSpan(_position));
        _position += 8;
        return value;
    }

    public byte[] ReadBytes()
    {
        var length = (int)ReadUInt32();
        var value = Body.AsSpan(_position, length).ToArray();
        _position += length;
        return value;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public bool AtEnd => _position == Body.Length;

    /// <summary>Size and permissions of an ATTRS structure (null when absent); times are skipped.</summary>
    public (ulong? Size, uint? Permissions) ReadAttrs()
    {
        var flags = ReadUInt32();
        ulong? size = (flags & 1) != 0 ? ReadUInt64() : null;
        if ((flags & 2) != 0)
        {
            ReadUInt64();
        }

        uint? permissions = (flags & 4) != 0 ? ReadUInt32() : null;
        if ((flags & 8) != 0)
        {
            ReadUInt64();
        }

        return (size, permissions);
    }
}
