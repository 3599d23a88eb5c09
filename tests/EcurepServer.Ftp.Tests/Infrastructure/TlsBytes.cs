using System.Buffers.Binary;

namespace EcurepServer.Ftp.Tests.Infrastructure;

/// <summary>Builds clear TLS records and handshake messages byte by byte, for tests of the handshake reader.</summary>
internal static class TlsBytes
{
    public const byte Handshake = 22;
    public const byte ChangeCipherSpec = 20;
    public const byte Alert = 21;

    public const byte ClientHelloType = 1;
    public const byte ServerHelloType = 2;
    public const byte NewSessionTicketType = 4;
    public const byte CertificateType = 11;
    public const byte ServerHelloDoneType = 14;

    public static byte[] Record(byte type, params byte[][] bodies)
    {
        var body = bodies.SelectMany(b => b).ToArray();
        return [type, 3, 3, (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    public static byte[] Message(byte type, byte[] body) =>
        [type, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];

    public static byte[] ClientHelloMessage(
        byte[] sessionId,
        byte[]? ticket = null,
        ushort[]? suites = null,
        ushort[]? signatureSchemes = null,
        ushort[]? groups = null,
        ushort[]? versions = null)
    {
        var extensions = new List<byte>();
        if (ticket is not null)
        {
            extensions.AddRange(Extension(35, ticket));
        }

        if (signatureSchemes is not null)
        {
            extensions.AddRange(Extension(13, Vector2(UInt16s(signatureSchemes))));
        }

        if (groups is not null)
        {
            extensions.AddRange(Extension(10, Vector2(UInt16s(groups))));
        }

        if (versions is not null)
        {
            extensions.AddRange(Extension(43, [(byte)(versions.Length * 2), .. UInt16s(versions)]));
        }

        return Message(ClientHelloType,
        [
            3, 3, .. new byte[32],
            (byte)sessionId.Length, .. sessionId,
            .. Vector2(UInt16s(suites ?? [0xC02B])),
            1, 0,
            .. Vector2([.. extensions]),
        ]);
    }

    public static byte[] ServerHelloMessage(byte[] sessionId, ushort suite = 0xC02B, bool tls13 = false) =>
        Message(ServerHelloType,
        [
            3, 3, .. new byte[32],
            (byte)sessionId.Length, .. sessionId,
            (byte)(suite >> 8), (byte)suite,
            0,
            .. Vector2(tls13 ? Extension(43, [3, 4]) : []),
        ]);

    public static byte[] TicketMessage(byte[] ticket) => Message(NewSessionTicketType, [0, 0, 0x1C, 0x20, .. Vector2(ticket)]);

    public static byte[] CertificateMessage() => Message(CertificateType, [0, 0, 3, 0, 0, 0]);

    public static byte[] ServerHelloDoneMessage() => Message(ServerHelloDoneType, []);

    public static byte[] ChangeCipherSpecRecord() => Record(ChangeCipherSpec, [1]);

    public static byte[] Extension(ushort type, byte[] data) => [(byte)(type >> 8), (byte)type, .. Vector2(data)];

    public static byte[] Vector2(byte[] data) => [(byte)(data.Length >> 8), (byte)data.Length, .. data];

    private static byte[] UInt16s(ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 * i), values[i]);
        }

        return bytes;
    }
}
