using System.Net;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Transport;

internal static partial class TransportLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "SSH {ConnectionId} from {RemoteEndPoint}: client identifies as {ClientVersion}")]
    public static partial void ClientVersion(ILogger logger, string connectionId, IPEndPoint remoteEndPoint, string clientVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "SSH {ConnectionId} key exchange {KexCount}: {Kex}, host key {HostKey}, in {CipherIn} {MacIn}, out {CipherOut} {MacOut}, strict {Strict}")]
    public static partial void KeyExchanged(
        ILogger logger, string connectionId, int kexCount, string kex, string hostKey, string cipherIn, string macIn, string cipherOut, string macOut, bool strict);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SSH {ConnectionId}: server starts a key re-exchange after {Bytes} bytes")]
    public static partial void RekeyStarted(ILogger logger, string connectionId, long bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SSH {ConnectionId}: {Bytes} bytes held back during the key exchange; bulk sends wait for it to finish")]
    public static partial void BulkSendWaits(ILogger logger, string connectionId, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SSH {ConnectionId} from {RemoteEndPoint} dropped ({Reason}): {Description}")]
    public static partial void ProtocolFault(ILogger logger, string connectionId, IPEndPoint remoteEndPoint, Protocol.SshDisconnectReason reason, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "SSH {ConnectionId} from {RemoteEndPoint}: client disconnected ({Reason}) {Description}")]
    public static partial void ClientDisconnected(ILogger logger, string connectionId, IPEndPoint remoteEndPoint, uint reason, string description);
}
