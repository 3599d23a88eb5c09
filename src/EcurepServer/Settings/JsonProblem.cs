using System.Text.Json;

namespace EcurepServer.Settings;

internal static class JsonProblem
{
    /// <summary>
    /// "line 3, column 5: reason": System.Text.Json counts from zero and appends the position to its message
    /// ("Path: $ | LineNumber: 2 | BytePositionInLine: 4."), which is said once here, counted from one.
    /// </summary>
    public static string Describe(JsonException exception)
    {
        var message = exception.Message;
        foreach (var marker in new[] { " Path: ", " LineNumber: " })
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        return $"line {exception.LineNumber + 1 ?? 1}, column {exception.BytePositionInLine + 1 ?? 1}: {message.TrimEnd()}";
    }
}
