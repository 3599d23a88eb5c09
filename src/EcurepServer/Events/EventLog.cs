using Microsoft.Extensions.Logging;

namespace EcurepServer.Events;

/// <summary>The event delivery's log lines: the first failed attempt of an event at Warning, later ones at Debug.</summary>
public sealed partial class EventLog(ILogger<EventLog> logger)
{
    public void AttemptFailed(int attempt, string error)
    {
        if (attempt == 0)
        {
            LogFirstFailure(logger, error);
        }
        else
        {
            LogRetry(logger, attempt + 1, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event delivery failed ({Error}); retrying with backoff")]
    private static partial void LogFirstFailure(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event delivery attempt {Attempt} failed ({Error})")]
    private static partial void LogRetry(ILogger logger, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event {EventId} of {Path} delivered to sink {Sink}")]
    public static partial void Delivered(ILogger logger, string eventId, string path, string sink);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} of {Path} failed at sink {Sink} for {RetryFor} ({Error}); 'events retry {EventId}' sends it again")]
    public static partial void Failed(ILogger logger, string eventId, string path, string sink, TimeSpan retryFor, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The event outbox failed at sink {Sink}; trying again in {Interval}")]
    public static partial void OutboxFailed(ILogger logger, Exception exception, string sink, TimeSpan interval);
}
