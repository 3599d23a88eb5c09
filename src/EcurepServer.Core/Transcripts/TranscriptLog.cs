using Microsoft.Extensions.Logging;

namespace EcurepServer.Core.Transcripts;

internal static partial class TranscriptLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The transcript writer is behind: transcript events are dropped until it catches up (Transcripts:MaxQueuedEvents {Capacity}); sessions go on")]
    public static partial void FallingBehind(ILogger logger, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The transcript writer caught up; {Dropped} transcript events were dropped meanwhile ({Total} since start)")]
    public static partial void CaughtUp(ILogger logger, long dropped, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The transcript of session {SessionId} lost {Dropped} events while the writer was behind")]
    public static partial void SessionLostEvents(ILogger logger, string sessionId, long dropped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the transcript {File}; its events are lost until writing works again")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing transcripts works again ({File})")]
    public static partial void WriteRecovered(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted the transcript {File} (last written {LastWriteUtc:u})")]
    public static partial void Deleted(ILogger logger, string file, DateTimeOffset lastWriteUtc);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention could not delete the transcript {File}; it tries again at the next sweep")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string file);
}
