using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EcurepServer.TestSupport;

/// <summary>PROXY protocol headers as a load balancer (or an attacker) writes them, built from the specification's layout.</summary>
public static class ProxyHeaders
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>A v2 PROXY (command 1) header for a TCP connection from <paramref name="source"/> to <paramref name="destination"/>, with <paramref name="tlvs"/> after the addresses.</summary>
    public static byte[] V2(IPEndPoint source, IPEndPoint destination, byte[]? tlvs = null)
    {
        var ipv4 = source.AddressFamily == AddressFamily.InterNetwork;
        var size = ipv4 ? 4 : 16;
        tlvs ??= [];
        var block = new byte[(2 * size) + 4 + tlvs.Length];
        source.Address.GetAddressBytes().CopyTo(block, 0);
        destination.Address.GetAddressBytes().CopyTo(block, size);
        BinaryPrimitives.WriteUInt16BigEndian(block.AsSpan(2 * size), (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(block.AsSpan((2 * size) + 2), (ushort)destination.Port);
        tlvs.CopyTo(block, (2 * size) + 4);
        return V2Raw(0x21, ipv4 ? (byte)0x11 : (byte)0x21, block);
    }

    /// <summary>A v2 LOCAL header (a balancer's health check) with no address block.</summary>
    public static byte[] V2Local() => V2Raw(0x20, 0x00, []);

    /// <summary>Signature, the two given bytes, the length and the block, whatever they say.</summary>
    public static byte[] V2Raw(byte versionCommand, byte familyTransport, byte[] block)
    {
        var header = new byte[16 + block.Length];
        Signature.CopyTo(header, 0);
        header[12] = versionCommand;
        header[13] = familyTransport;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)block.Length);
        block.CopyTo(header, 16);
        return header;
    }

    public static byte[] V1(IPEndPoint source, IPEndPoint destination) =>
        Encoding.ASCII.GetBytes(
            $"PROXY {(source.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6")} {source.Address} {destination.Address} {source.Port} {destination.Port}\r\n");
}
