using Microsoft.Extensions.Logging;

namespace EcurepServer.Ssh.Tests.Support;

internal sealed record LogEntry(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Scope);

/// <summary>Keeps log events (with the innermost scope's values) so tests can check what was logged.</summary>
internal sealed class ListLogger : ILogger, ILoggerFactory
{
    private static readonly AsyncLocal<IReadOnlyList<KeyValuePair<string, object?>>?> CurrentScope = new();
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Each event as <c>Level: message</c>.</summary>
    public IReadOnlyCollection<string> Lines => [.. Entries.Select(e => $"{e.Level}: {e.Message}")];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var previous = CurrentScope.Value;
        CurrentScope.Value = state as IReadOnlyList<KeyValuePair<string, object?>>;
        return new ScopeReset(() => CurrentScope.Value = previous);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add(new LogEntry(logLevel, formatter(state, exception), [.. CurrentScope.Value ?? []]));
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class ScopeReset(Action reset) : IDisposable
    {
        public void Dispose() => reset();
    }
}
