using System.CommandLine.Parsing;
using System.Globalization;

namespace EcurepServer.Cli;

/// <summary>
/// "--since": a time ("2026-12-03T08:00:00Z", "2026-12-03" for midnight UTC; without a zone it is UTC) or how long
/// back from now ("90s", "30m", "2h", "7d", or a time span such as "1.02:00:00").
/// </summary>
internal static class TimeArgument
{
    public const string HelpName = "time|duration";

    public static DateTimeOffset? Parse(ArgumentResult result, TimeProvider time)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (TryParse(text, time.GetUtcNow(), out var since))
        {
            return since;
        }

        result.AddError($"--since: \"{text}\" is neither a time (2026-12-03T08:00:00Z, 2026-12-03) nor a duration back from now (90s, 30m, 2h, 7d, 1.02:00:00).");
        return null;
    }

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (Duration(text) is { } back)
        {
            since = now - back;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out since);
    }

    /// <summary>"90s", "30m", "2h", "7d" or a time span such as "1.02:00:00"; null when it is none of these.</summary>
    internal static TimeSpan? Duration(string text)
    {
        var unit = text[^1];
        if (unit is 's' or 'm' or 'h' or 'd' && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count) && count >= 0)
        {
            return unit switch
            {
                's' => TimeSpan.FromSeconds(count),
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                _ => TimeSpan.FromDays(count),
            };
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : null;
    }
}
