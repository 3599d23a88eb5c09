using Microsoft.Extensions.Logging;

namespace EcurepServer.TestSupport;

/// <summary>One log event: its level and message, the values it carried, and the values of the innermost scope around it.</summary>
public sealed record LogEntry(
    LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties, IReadOnlyList<KeyValuePair<string, object?>> Scope);
