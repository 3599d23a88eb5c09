using System.Globalization;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Routing;
using EcurepServer.Core.Transcripts;

namespace EcurepServer.Management;

/// <summary>The query parameters of /uploads, /uploads/wait and /sessions, checked: a bad one is a 400 that names it.</summary>
internal static class QueryParameters
{
    private static readonly string[] Protocols = ["ftps", "ftp", "sftp"];

    public static UploadQuery Uploads(string? since, string? account, string? site, string? caseNumber, string? pmr, string? session, string? name, out string? problem)
    {
        var sinceTime = Since(since, out problem);

        string? normalisedCase = null;
        if (caseNumber is not null && !FileNameRouter.TryParseCase(caseNumber, out normalisedCase))
        {
            problem = $"case: '{caseNumber}' is not a case number (TS followed by 9 digits).";
        }

        string? normalisedPmr = null;
        if (pmr is not null && !FileNameRouter.TryParsePmr(pmr, out normalisedPmr))
        {
            problem = $"pmr: '{pmr}' is not a PMR (such as 34143.055.724).";
        }

        return new UploadQuery(sinceTime, account, site, normalisedCase, normalisedPmr, session, name);
    }

    /// <summary>How many of the newest matches to return: <paramref name="text"/> (1 to <paramref name="maximum"/>), else <paramref name="maximum"/>.</summary>
    public static int Last(string? text, int maximum, out string? problem)
    {
        problem = null;
        if (text is null)
        {
            return maximum;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last >= 1 && last <= maximum)
        {
            return last;
        }

        problem = $"last: '{text}' is not a number from 1 to {maximum}.";
        return maximum;
    }

    public static SessionFilter Sessions(string? since, string? account, string? site, string? protocol, bool? failed, out string? problem)
    {
        var sinceTime = Since(since, out problem);
        if (protocol is not null && !Protocols.Contains(protocol, StringComparer.OrdinalIgnoreCase))
        {
            problem = $"protocol: '{protocol}' is not one of {string.Join(", ", Protocols)}.";
        }

        return new SessionFilter(sinceTime, account, site, protocol, failed ?? false);
    }

    private static DateTimeOffset? Since(string? since, out string? problem)
    {
        problem = null;
        if (since is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        problem = $"since: '{since}' is not a time such as 2026-12-03T12:00:00Z.";
        return null;
    }

    /// <summary>"30s", "500ms", "2m", plain seconds ("30") or a time span ("00:00:30").</summary>
    public static TimeSpan? Timeout(string? text, TimeSpan fallback, TimeSpan maximum, out string? problem)
    {
        problem = null;
        if (text is null)
        {
            return fallback;
        }

        TimeSpan? parsed = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) => TimeSpan.FromMilliseconds(ms),
            _ when text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => TimeSpan.FromSeconds(s),
            _ when text.EndsWith('m') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => TimeSpan.FromMinutes(m),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => TimeSpan.FromSeconds(seconds),
            _ when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) => span,
            _ => null,
        };
        if (parsed is not { } timeout || timeout <= TimeSpan.Zero || timeout > maximum)
        {
            problem = $"timeout: '{text}' is not a positive time up to {maximum} (such as 30s, 500ms, 2m).";
            return null;
        }

        return timeout;
    }
}
