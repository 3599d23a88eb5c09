using System.Buffers.Binary;

namespace EcurepServer.Ftp.Tls;

/// <summary>What a ClientHello (RFC 5246 7.4.1.2, RFC 8446 4.1.2) offers; a list is null when its extension is absent.</summary>
internal sealed record ClientHello(
    byte[] SessionId,
    ushort[] CipherSuites,
    byte[]? SessionTicket,
    ushort[]? SignatureSchemes,
    ushort[]? SupportedGroups,
    ushort[]? SupportedVersions)
{
    private const ushort SupportedGroupsExtension = 10;
    private const ushort SignatureAlgorithmsExtension = 13;
    private const ushort SessionTicketExtension = 35;
    private const ushort SupportedVersionsExtension = 43;

    /// <summary>The ticket the client offers to resume with (RFC 5077), or null when it offers none.</summary>
    public byte[]? OfferedTicket => SessionTicket is { Length: > 0 } ticket ? ticket : null;

    public static ClientHello? Parse(ReadOnlySpan<byte> body)
    {
        var reader = new HelloReader(body);
        if (!reader.Skip(2 + 32)
            || !reader.Vector(1, out var sessionId) || sessionId.Length > 32
            || !reader.Vector(2, out var suites) || suites.Length % 2 != 0
            || !reader.Vector(1, out _))
        {
            return null;
        }

        byte[]? ticket = null;
        ushort[]? schemes = null;
        ushort[]? groups = null;
        ushort[]? versions = null;
        var seen = new HashSet<ushort>();
        if (!reader.AtEnd)
        {
            if (!reader.Vector(2, out var extensions) || !reader.AtEnd)
            {
                return null;
            }

            var list = new HelloReader(extensions);
            while (!list.AtEnd)
            {
                if (!list.UInt16(out var type) || !list.Vector(2, out var data) || !seen.Add(type))
                {
                    return null;
                }

                switch (type)
                {
                    case SessionTicketExtension:
                        ticket = data.ToArray();
                        break;
                    case SignatureAlgorithmsExtension:
                        schemes = HelloReader.UInt16List(data, 2);
                        break;
                    case SupportedGroupsExtension:
                        groups = HelloReader.UInt16List(data, 2);
                        break;
                    case SupportedVersionsExtension:
                        versions = HelloReader.UInt16List(data, 1);
                        break;
                }

                if (type is SignatureAlgorithmsExtension && schemes is null
                    || type is SupportedGroupsExtension && groups is null
                    || type is SupportedVersionsExtension && versions is null)
                {
                    return null;
                }
            }
        }

        return new ClientHello(sessionId.ToArray(), HelloReader.UInt16s(suites), ticket, schemes, groups, versions);
    }
}

/// <summary>What a ServerHello chose: the version (TLS 1.3 says so in supported_versions), the session id and the suite.</summary>
internal sealed record ServerHello(ushort Version, byte[] SessionId, ushort CipherSuite)
{
    public const ushort Tls12 = 0x0303;
    public const ushort Tls13 = 0x0304;

    private const ushort SupportedVersionsExtension = 43;

    public static ServerHello? Parse(ReadOnlySpan<byte> body)
    {
        var reader = new HelloReader(body);
        if (!reader.UInt16(out var version)
            || !reader.Skip(32)
            || !reader.Vector(1, out var sessionId) || sessionId.Length > 32
            || !reader.UInt16(out var suite)
            || !reader.Skip(1))
        {
            return null;
        }

        if (!reader.AtEnd)
        {
            if (!reader.Vector(2, out var extensions) || !reader.AtEnd)
            {
                return null;
            }

            var list = new HelloReader(extensions);
            while (!list.AtEnd)
            {
                if (!list.UInt16(out var type) || !list.Vector(2, out var data))
                {
                    return null;
                }

                if (type == SupportedVersionsExtension)
                {
                    if (data.Length != 2)
                    {
                        return null;
                    }

                    version = BinaryPrimitives.ReadUInt16BigEndian(data);
                }
            }
        }

        return new ServerHello(version, sessionId.ToArray(), suite);
    }
}

/// <summary>The ticket of a TLS 1.2 NewSessionTicket (RFC 5077 3.3): a lifetime hint, then the ticket.</summary>
internal static class NewSessionTicket
{
    public static byte[]? ParseTicket(ReadOnlySpan<byte> body)
    {
        var reader = new HelloReader(body);
        return reader.Skip(4) && reader.Vector(2, out var ticket) && reader.AtEnd && ticket.Length > 0 ? ticket.ToArray() : null;
    }
}

/// <summary>Big-endian fields and length-prefixed vectors of handshake messages; every read is bounds-checked.</summary>
internal ref struct HelloReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public bool Skip(int count)
    {
        if (_rest.Length < count)
        {
            return false;
        }

        _rest = _rest[count..];
        return true;
    }

    public bool UInt16(out ushort value)
    {
        value = 0;
        if (_rest.Length < 2)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        _rest = _rest[2..];
        return true;
    }

    /// <summary>A vector whose length is in the <paramref name="lengthBytes"/> (1 or 2) bytes before it.</summary>
    public bool Vector(int lengthBytes, out ReadOnlySpan<byte> vector)
    {
        vector = default;
        if (_rest.Length < lengthBytes)
        {
            return false;
        }

        var length = lengthBytes == 1 ? _rest[0] : BinaryPrimitives.ReadUInt16BigEndian(_rest);
        if (_rest.Length - lengthBytes < length)
        {
            return false;
        }

        vector = _rest.Slice(lengthBytes, length);
        _rest = _rest[(lengthBytes + length)..];
        return true;
    }

    /// <summary>An extension body that is one length-prefixed list of 16-bit values; null when malformed.</summary>
    public static ushort[]? UInt16List(ReadOnlySpan<byte> extension, int lengthBytes)
    {
        var reader = new HelloReader(extension);
        return reader.Vector(lengthBytes, out var list) && reader.AtEnd && list.Length % 2 == 0 ? UInt16s(list) : null;
    }

    public static ushort[] UInt16s(ReadOnlySpan<byte> data)
    {
        var values = new ushort[data.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(2 * i)..]);
        }

        return values;
    }
}
