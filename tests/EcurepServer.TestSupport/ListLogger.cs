using Microsoft.Extensions.Logging;

namespace EcurepServer.TestSupport;

/// <summary>
/// Keeps log events so tests can check what was logged (and what never is). As a logger factory it hands itself
/// out for every category, so one instance sees all a server logs.
/// </summary>
public class ListLogger : ILogger, ILoggerFactory
{
    private readonly AsyncLocal<IReadOnlyList<KeyValuePair<string, object?>>?> _scope = new();
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
    public IReadOnlyList<string> Lines => [.. Entries.Select(e => $"{e.Level}: {e.Message}")];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var outer = _scope.Value;
        _scope.Value = state as IReadOnlyList<KeyValuePair<string, object?>>;
        return new ScopeEnd(() => _scope.Value = outer);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = new Dictionary<string, object?>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                properties[key] = value;
            }
        }

        var entry = new LogEntry(logLevel, formatter(state, exception), properties, [.. _scope.Value ?? []]);
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class ScopeEnd(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}

/// <summary>A <see cref="ListLogger"/> for the one class that takes an <see cref="ILogger{TCategoryName}"/>.</summary>
public sealed class ListLogger<T> : ListLogger, ILogger<T>;
