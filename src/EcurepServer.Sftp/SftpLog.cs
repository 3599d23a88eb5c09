using System.Net;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Sftp;

/// <summary>The subsystem's events; each carries the session's SessionId, Site, Protocol, User and RemoteEndPoint.</summary>
internal static partial class SftpLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "SFTP session started (client version {ClientVersion}) for {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void Started(ILogger logger, uint clientVersion, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "SFTP session ended for {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void Ended(ILogger logger, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SFTP session closed: a message of {Length} bytes exceeds the limit of {Limit} bytes, and framing cannot recover, for {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void MessageTooLarge(ILogger logger, uint length, int limit, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SFTP session closed: {Problem}, for {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void ProtocolViolation(ILogger logger, string problem, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path} was closed but not renamed before the SFTP session ended; it is kept for a resume, not delivered, for {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void NotRenamed(ILogger logger, string path, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);
}
