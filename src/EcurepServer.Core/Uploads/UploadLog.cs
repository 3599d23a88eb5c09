using System.Net;
using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Uploads;

/// <summary>The upload events; each carries the session's SessionId, Site, Protocol, User and RemoteEndPoint.</summary>
internal static partial class UploadLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Path} ({Size} bytes, SHA-256 {Sha256}) routed to {Route} from {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void Delivered(ILogger logger, string path, long size, string sha256, string route, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused upload of {Path} ({Reason}: {Refusal}) from {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void Refused(ILogger logger, string path, RefusalKind reason, string refusal, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload of {Path} ended without commit; kept {Size} bytes for a resume by {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void KeptPartial(ILogger logger, string path, long size, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload of {Path} ended before any data arrived; removed its empty partial file for {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void DiscardedEmptyPartial(ILogger logger, string path, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed for {Path} from {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void StorageFailed(ILogger logger, Exception exception, string path, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the receipt of {Path} (SHA-256 {Sha256}), so its delivery was undone and the client told it failed; its data is kept at {PartialFile} for a resume by {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void ReceiptFailed(ILogger logger, Exception exception, string path, string sha256, string partialFile, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not write the receipt of {Path} (SHA-256 {Sha256}) nor undo its delivery ({UndoError}): {File} stays without a receipt, and the client was told the upload failed; from {User} in session {SessionId} at {Site} via {Protocol} from {RemoteEndPoint}")]
    public static partial void ReceiptAndUndoFailed(ILogger logger, Exception exception, string path, string sha256, string file, string undoError, string user, string sessionId, string site, string protocol, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "The receipt of {Path} is committed, but could not be appended to the receipt export {ExportFile}")]
    public static partial void ExportFailed(ILogger logger, Exception exception, string path, string exportFile);
}
