using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EcurepServer.Connections.ProxyProtocol;

/// <summary>
/// The PROXY protocol as HAProxy's specification defines it: version 2 (binary, a 12-byte signature, 4 more bytes
/// giving version, command, family and the length of the rest) and version 1 (one text line of at most 107 bytes).
/// Only TCP over IPv4 or IPv6 is relayed; anything else is refused rather than guessed at.
/// </summary>
public static class ProxyHeaderParser
{
    /// <summary>Version 2's signature; its "QUIT\n" makes a line-based server that was not expecting it hang up.</summary>
    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Signature, version/command, family/transport and the two length bytes.</summary>
    public const int V2FixedLength = 16;

    /// <summary>The longest version 1 line, CR LF included ("PROXY TCP6" with two full IPv6 addresses and ports).</summary>
    public const int V1MaxLength = 107;

    public static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    private const int Ipv4Block = 12;
    private const int Ipv6Block = 36;

    /// <summary>The length of the address block (and TLVs) that follows the 16 fixed bytes of a version 2 header.</summary>
    public static int V2RemainingLength(ReadOnlySpan<byte> fixedPart)
    {
        if (fixedPart.Length < V2FixedLength || !fixedPart.StartsWith(V2Signature))
        {
            throw new ProxyHeaderException("not a PROXY protocol v2 signature");
        }

        return BinaryPrimitives.ReadUInt16BigEndian(fixedPart[14..16]);
    }

    /// <summary>A whole version 2 header: the 16 fixed bytes and exactly the block their length names.</summary>
    public static ProxyHeader ParseV2(ReadOnlySpan<byte> header)
    {
        var remaining = V2RemainingLength(header);
        if (header.Length != V2FixedLength + remaining)
        {
            throw new ProxyHeaderException($"the v2 header is {header.Length} bytes, its length field says {V2FixedLength + remaining}");
        }

        var version = header[12] >> 4;
        var command = header[12] & 0x0F;
        if (version != 2)
        {
            throw new ProxyHeaderException($"PROXY protocol version {version} in a v2 signature");
        }

        // LOCAL: the balancer speaks for itself; the address block, whatever it holds, is to be ignored.
        if (command == 0)
        {
            return ProxyHeader.Local;
        }

        if (command != 1)
        {
            throw new ProxyHeaderException($"unknown v2 command {command}");
        }

        var family = header[13] >> 4;
        var transport = header[13] & 0x0F;
        if (transport != 1)
        {
            throw new ProxyHeaderException($"transport {transport} is not TCP (stream)");
        }

        var block = header[V2FixedLength..];
        return family switch
        {
            1 when block.Length >= Ipv4Block => Addresses(block, 4),
            2 when block.Length >= Ipv6Block => Addresses(block, 16),
            1 or 2 => throw new ProxyHeaderException($"the address block ({block.Length} bytes) is too short for its family"),
            _ => throw new ProxyHeaderException($"address family {family} is neither IPv4 nor IPv6"),
        };
    }

    /// <summary>One version 1 line, CR LF included.</summary>
    public static ProxyHeader ParseV1(ReadOnlySpan<byte> line)
    {
        if (line.Length > V1MaxLength)
        {
            throw new ProxyHeaderException($"the v1 line is longer than {V1MaxLength} bytes");
        }

        if (!line.StartsWith(V1Prefix) || !line.EndsWith("\r\n"u8))
        {
            throw new ProxyHeaderException("not a PROXY protocol v1 line");
        }

        if (line[..^2].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            throw new ProxyHeaderException("the v1 line has control or non-ASCII characters");
        }

        var fields = Encoding.ASCII.GetString(line[V1Prefix.Length..^2]).Split(' ');
        if (fields[0] == "UNKNOWN")
        {
            // The rest of an UNKNOWN line is to be ignored.
            return ProxyHeader.Local;
        }

        var family = fields[0] switch
        {
            "TCP4" => AddressFamily.InterNetwork,
            "TCP6" => AddressFamily.InterNetworkV6,
            _ => throw new ProxyHeaderException("the v1 protocol is none of TCP4, TCP6 and UNKNOWN"),
        };
        if (fields.Length != 5)
        {
            throw new ProxyHeaderException("a v1 TCP line has exactly four fields after the protocol, one space apart");
        }

        return new ProxyHeader(
            new IPEndPoint(V1Address(fields[1], family), V1Port(fields[3])),
            new IPEndPoint(V1Address(fields[2], family), V1Port(fields[4])));
    }

    private static ProxyHeader Addresses(ReadOnlySpan<byte> block, int size)
    {
        var source = new IPAddress(block[..size]);
        var destination = new IPAddress(block[size..(2 * size)]);
        var ports = block[(2 * size)..];
        return new ProxyHeader(
            new IPEndPoint(source, BinaryPrimitives.ReadUInt16BigEndian(ports[..2])),
            new IPEndPoint(destination, BinaryPrimitives.ReadUInt16BigEndian(ports[2..4])));
    }

    private static IPAddress V1Address(string text, AddressFamily family)
    {
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != family
            || (family == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
            || text.Contains('%', StringComparison.Ordinal))
        {
            throw new ProxyHeaderException($"'{text}' is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address");
        }

        return address;
    }

    private static int V1Port(string text)
    {
        if (text.Length is 0 or > 5 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new ProxyHeaderException($"'{text}' is not a port (0 to 65535, no leading zeros)");
        }

        return port;
    }
}
