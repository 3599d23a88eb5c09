using System.Globalization;
using System.Security.Cryptography;

namespace EcurepServer.Core.Transcripts;

/// <summary>
/// Session ids such as <c>20261203T081502Z-7f3a</c>: the UTC second the session began and a counter that starts at a
/// random value each second. They are short, sort by start time, never repeat within a process (the counter grows a
/// digit past 65536 sessions in one second) and, with the random start, practically never across restarts. Every log
/// line of a session, the receipts of its uploads and its transcript carry it.
/// </summary>
public static class SessionIds
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const int TimeLength = 16;

    private static readonly Lock Gate = new();
    private static long _second = long.MinValue;
    private static int _next;

    public static string New(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        int counter;
        lock (Gate)
        {
            if (second != _second)
            {
                _second = second;
                _next = RandomNumberGenerator.GetInt32(0x10000);
            }

            counter = _next++;
        }

        var start = DateTimeOffset.FromUnixTimeSeconds(second);
        return start.ToString(TimeFormat, CultureInfo.InvariantCulture) + "-" + counter.ToString("x4", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether <paramref name="id"/> has the shape of a session id (so it can name a file), and the second it began.
    /// </summary>
    public static bool TryParse(string? id, out DateTimeOffset started)
    {
        started = default;
        if (id is null || id.Length < TimeLength + 5 || id.Length > TimeLength + 9 || id[TimeLength] != '-')
        {
            return false;
        }

        var counter = id.AsSpan(TimeLength + 1);
        foreach (var c in counter)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return DateTimeOffset.TryParseExact(
            id.AsSpan(0, TimeLength), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out started);
    }
}
