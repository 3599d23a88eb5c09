using System.Globalization;
using System.Text.Json;
using EcurepServer.Core.Transcripts.Events;

namespace EcurepServer.Core.Transcripts;

/// <summary>
/// Where transcripts are kept: <c>&lt;DataDirectory&gt;/sessions/&lt;yyyy-mm-dd&gt;/&lt;session id&gt;.jsonl</c>, one
/// folder per UTC day sessions began in, one file of JSON lines per session.
/// </summary>
public sealed class TranscriptStore(string dataDirectory)
{
    public const string FolderName = "sessions";

    private const string Extension = ".jsonl";
    private const string DayFormat = "yyyy-MM-dd";

    public string Directory { get; } = Path.Combine(Path.GetFullPath(dataDirectory), FolderName);

    /// <summary>The file of a session; null when <paramref name="sessionId"/> is not a session id, so no input can name another file.</summary>
    public string? FileOf(string sessionId) =>
        SessionIds.TryParse(sessionId, out var started)
            ? Path.Combine(Directory, started.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture), sessionId + Extension)
            : null;

    /// <summary>The transcripts of sessions that began at or after <paramref name="since"/> (all without it), in the order they began.</summary>
    public IEnumerable<(string SessionId, string File)> Sessions(DateTimeOffset? since)
    {
        var root = new DirectoryInfo(Directory);
        if (!root.Exists)
        {
            return [];
        }

        // Ids name the second a session began in.
        var from = since is { } time ? time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond)) : (DateTimeOffset?)null;
        var firstDay = from?.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture);
        return root.EnumerateDirectories()
            .Where(day => IsDay(day.Name) && (firstDay is null || string.CompareOrdinal(day.Name, firstDay) >= 0))
            .SelectMany(day => day.EnumerateFiles("*" + Extension))
            .Select(file => (SessionId: Path.GetFileNameWithoutExtension(file.Name), File: file.FullName))
            .Where(session => SessionIds.TryParse(session.SessionId, out var started) && (from is null || started >= from))
            .OrderBy(session => session.SessionId, StringComparer.Ordinal);
    }

    /// <summary>The day folders, for retention.</summary>
    public IEnumerable<DirectoryInfo> Days()
    {
        var root = new DirectoryInfo(Directory);
        return root.Exists ? root.EnumerateDirectories().Where(day => IsDay(day.Name)) : [];
    }

    /// <summary>The transcript files of one day folder.</summary>
    public static IEnumerable<FileInfo> Files(DirectoryInfo day) => day.EnumerateFiles("*" + Extension);

    /// <summary>Every event of a transcript in order; a line that cannot be read (cut short by a crash, from a newer version) is skipped.</summary>
    public static async Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string file, CancellationToken cancellationToken)
    {
        var events = new List<TranscriptEvent>();
        using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16384, FileOptions.Asynchronous));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (Parse(line) is { } parsed)
            {
                events.Add(parsed);
            }
        }

        return events;
    }

    /// <summary>An event as one JSON line of a transcript, without the line end.</summary>
    public static string Serialize(TranscriptEvent transcriptEvent) => JsonSerializer.Serialize(transcriptEvent, TranscriptJsonContext.Default.TranscriptEvent);

    private static TranscriptEvent? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, TranscriptJsonContext.Default.TranscriptEvent);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static bool IsDay(string name) =>
        DateTime.TryParseExact(name, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
