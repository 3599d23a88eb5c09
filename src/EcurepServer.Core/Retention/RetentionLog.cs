using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Retention;

internal static partial class RetentionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Path} ({File}, {Size} bytes, routed to {Route}) from {Account} at {Site}, delivered {CompletedUtc:u}")]
    public static partial void DeletedFile(ILogger logger, string path, string file, long size, string route, string account, string site, DateTimeOffset completedUtc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention marked {Path} (routed to {Route}) from {Account} at {Site} as deleted: its file was already gone")]
    public static partial void MarkedGone(ILogger logger, string path, string route, string account, string site);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted the interrupted upload {File} ({Size} bytes, last written {LastWriteUtc:u})")]
    public static partial void DeletedPartial(ILogger logger, string file, long size, DateTimeOffset lastWriteUtc);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention leaves {File} alone: it is older than the retention but {Reason}")]
    public static partial void LeftAlone(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention could not delete {File}; it tries again at the next sweep")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention deleted {File} but could not mark its receipt; the next sweep marks it")]
    public static partial void MarkFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} receipts of uploads deleted before {DeletedBeforeUtc:u} from the catalog")]
    public static partial void PurgedReceipts(ILogger logger, int count, DateTimeOffset deletedBeforeUtc);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention sweep skipped: another node holds the retention lock")]
    public static partial void SweepingElsewhere(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep stopped: its node lost the retention lock (the lease ran out or could not be renewed); the next sweep goes on")]
    public static partial void LockLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention could not renew its lock; the sweep stops")]
    public static partial void RenewFailed(ILogger logger, Exception exception);
}
