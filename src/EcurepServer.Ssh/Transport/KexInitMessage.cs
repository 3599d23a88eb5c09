using System.Security.Cryptography;
using EcurepServer.Ssh.Protocol;

namespace EcurepServer.Ssh.Transport;

/// <summary>SSH_MSG_KEXINIT (RFC 4253 section 7.1).</summary>
internal sealed record KexInitMessage(
    string[] KexAlgorithms,
    string[] HostKeyAlgorithms,
    string[] CiphersClientToServer,
    string[] CiphersServerToClient,
    string[] MacsClientToServer,
    string[] MacsServerToClient,
    string[] CompressionClientToServer,
    string[] CompressionServerToClient,
    bool FirstKexPacketFollows)
{
    public static KexInitMessage Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new SshReader(payload);
        if (reader.ReadByte() != SshMessage.KexInit)
        {
            throw new SshProtocolException(SshDisconnectReason.ProtocolError, "not a KEXINIT message");
        }

        reader.ReadRaw(16);
        var message = new KexInitMessage(
            reader.ReadNameList(), reader.ReadNameList(), reader.ReadNameList(), reader.ReadNameList(),
            reader.ReadNameList(), reader.ReadNameList(), reader.ReadNameList(), reader.ReadNameList(),
            false);
        reader.ReadNameList();
        reader.ReadNameList();
        message = message with { FirstKexPacketFollows = reader.ReadBoolean() };
        reader.ReadUInt32();
        return message;
    }

    /// <summary>The lists as the host's observer sees them.</summary>
    public SshKexInit Describe(bool fromClient, int exchange) => new(
        fromClient, exchange, KexAlgorithms, HostKeyAlgorithms, CiphersClientToServer, CiphersServerToClient,
        MacsClientToServer, MacsServerToClient, CompressionClientToServer, CompressionServerToClient);

    public byte[] Encode()
    {
        var writer = new SshWriter(1024).Byte(SshMessage.KexInit).Raw(RandomNumberGenerator.GetBytes(16))
            .NameList(KexAlgorithms).NameList(HostKeyAlgorithms)
            .NameList(CiphersClientToServer).NameList(CiphersServerToClient)
            .NameList(MacsClientToServer).NameList(MacsServerToClient)
            .NameList(CompressionClientToServer).NameList(CompressionServerToClient)
            .NameList([]).NameList([])
            .Boolean(FirstKexPacketFollows).UInt32(0);
        return writer.WrittenSpan.ToArray();
    }
}
