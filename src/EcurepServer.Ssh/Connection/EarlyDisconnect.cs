using System.Buffers.Binary;
using System.Text;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Connection;

/// <summary>
/// Refuses a connection before any key exchange: the identification line, then one unencrypted DISCONNECT
/// packet (RFC 4253 section 6, no MAC yet), so the client shows the reason instead of a bare reset.
/// </summary>
internal static class EarlyDisconnect
{
    private const int BlockSize = 8;
    private const int MinPadding = 4;

    public static byte[] Build(string softwareVersion, SshDisconnectReason reason, string description)
    {
        var payload = new SshWriter();
        payload.Byte(SshMessage.Disconnect).UInt32((uint)reason).Utf8(description).Utf8(string.Empty);

        var padding = BlockSize - ((5 + payload.Length) % BlockSize);
        if (padding < MinPadding)
        {
            padding += BlockSize;
        }

        var identification = Encoding.ASCII.GetBytes($"SSH-2.0-{softwareVersion}\r\n");
        var packet = new byte[identification.Length + 5 + payload.Length + padding];
        identification.CopyTo(packet, 0);
        var body = packet.AsSpan(identification.Length);
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)(1 + payload.Length + padding));
        body[4] = (byte)padding;
        payload.WrittenSpan.CopyTo(body[5..]);
        return packet;
    }
}
