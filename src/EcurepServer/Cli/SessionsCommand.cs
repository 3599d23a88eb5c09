using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcurepServer.Core.Transcripts;
using EcurepServer.Transcripts;

namespace EcurepServer.Cli;

/// <summary>"sessions list|show": the session transcripts below the data directory, summed up or read in full.</summary>
public static class SessionsCommand
{
    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    private static readonly string[] Protocols = ["ftps", "ftp", "sftp"];

    public static Command Create(CliContext context, IReadOnlyList<string> overrides) =>
        new("sessions", "Read the session transcripts: what each client said and was told.")
        {
            List(context, overrides),
            Show(context, overrides),
        };

    private static Command List(CliContext context, IReadOnlyList<string> overrides)
    {
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only sessions that began at or after this time (2026-12-03T08:00:00Z, 2026-12-03) or this long ago (30m, 2h, 7d).",
            HelpName = TimeArgument.HelpName,
            CustomParser = result => TimeArgument.Parse(result, TimeProvider.System),
        };
        var account = new Option<string?>("--account") { Description = "Only sessions of this Transfer ID or anonymous e-mail (\"anonymous\": every anonymous session).", HelpName = "id" };
        var site = new Option<string?>("--site") { Description = "Only sessions at this site, e.g. Europe.", HelpName = "name" };
        var protocol = new Option<string?>("--protocol") { Description = "Only sessions through this door: ftps, sftp (or ftp, the legacy plain listener).", HelpName = "ftps|sftp" };
        protocol.AcceptOnlyFromAmong(Protocols);
        var failed = new Option<bool>("--failed") { Description = "Only sessions that failed: ended other than by the client (QUIT, DISCONNECT, closing), left an upload undelivered, or never logged in after a failed login." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of a table." };
        var command = new Command("list", "List sessions (id, start, duration, account, client, protocol, site, bytes uploaded, why it ended), oldest first. Filters combine.")
        {
            since, account, site, protocol, failed, json,
        };
        command.SetAction((parseResult, cancellationToken) => ListAsync(
            context,
            overrides,
            new SessionFilter(parseResult.GetValue(since), parseResult.GetValue(account), parseResult.GetValue(site), parseResult.GetValue(protocol), parseResult.GetValue(failed)),
            parseResult.GetValue(json),
            cancellationToken));
        return command;
    }

    private static Command Show(CliContext context, IReadOnlyList<string> overrides)
    {
        var id = new Argument<string>("id") { Description = "The session id, e.g. 20261203T081502Z-7f3a (sessions list, uploads list --json, the log's SessionId)." };
        var json = new Option<bool>("--json") { Description = "The transcript's events as stored, one JSON object per line." };
        var command = new Command("show", "Show one session's transcript as an FTP client's debug mode shows a session: > commands, < replies, notes indented.") { id, json };
        command.SetAction((parseResult, cancellationToken) => ShowAsync(context, overrides, parseResult.GetRequiredValue(id), parseResult.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> ListAsync(CliContext context, IReadOnlyList<string> overrides, SessionFilter filter, bool asJson, CancellationToken cancellationToken)
    {
        var store = new TranscriptStore(CliSettings.Load(context, overrides).Paths.DataDirectory);
        var sessions = new List<SessionSummary>();
        foreach (var (sessionId, file) in store.Sessions(filter.Since))
        {
            var summary = SessionSummary.Of(sessionId, await TranscriptStore.ReadAsync(file, cancellationToken));
            if (filter.Matches(summary))
            {
                sessions.Add(summary);
            }
        }

        if (asJson)
        {
            foreach (var session in sessions)
            {
                await context.Output.WriteLineAsync(Json(session));
            }

            return ExitCodes.Ok;
        }

        if (sessions.Count == 0)
        {
            await context.Output.WriteLineAsync("No sessions match.");
            return ExitCodes.Ok;
        }

        await TextTable.WriteAsync(
            context.Output,
            ["SESSION", "STARTED (UTC)", "DURATION", "ACCOUNT", "CLIENT", "PROTOCOL", "SITE", "UPLOADED", "END"],
            sessions.Select(Row).ToList());
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(CliContext context, IReadOnlyList<string> overrides, string sessionId, bool asJson, CancellationToken cancellationToken)
    {
        var store = new TranscriptStore(CliSettings.Load(context, overrides).Paths.DataDirectory);
        if (store.FileOf(sessionId) is not { } file)
        {
            await context.Error.WriteLineAsync($"\"{Logging.PrintableText.Escape(sessionId)}\" is not a session id (such as 20261203T081502Z-7f3a).");
            return ExitCodes.Usage;
        }

        if (!File.Exists(file))
        {
            await context.Error.WriteLineAsync($"There is no transcript of session {sessionId} (never kept, or deleted by retention).");
            return ExitCodes.Error;
        }

        var events = await TranscriptStore.ReadAsync(file, cancellationToken);
        if (asJson)
        {
            foreach (var transcriptEvent in events)
            {
                await context.Output.WriteLineAsync(TranscriptStore.Serialize(transcriptEvent));
            }

            return ExitCodes.Ok;
        }

        foreach (var line in TranscriptRenderer.Render(SessionSummary.Of(sessionId, events), events))
        {
            await context.Output.WriteLineAsync(line);
        }

        return ExitCodes.Ok;
    }

    private static string Json(SessionSummary session)
    {
        var node = JsonSerializer.SerializeToNode(session, JsonLines)!.AsObject();
        node["durationSeconds"] = session.Duration is { } duration ? JsonValue.Create(Math.Round(duration.TotalSeconds, 3)) : null;
        return node.ToJsonString(JsonLines);
    }

    private static string[] Row(SessionSummary session) =>
    [
        session.Id,
        session.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        session.Duration is { } duration ? Duration(duration) : "-",
        session.Account is null ? "-" : session.Anonymous ? $"{session.Account} (anonymous)" : session.Account,
        session.Client ?? "-",
        session.Protocol ?? "-",
        session.Site ?? "-",
        session.BytesUploaded.ToString(CultureInfo.InvariantCulture),
        session.EndReason ?? "running",
    ];

    private static string Duration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? duration.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture).TrimStart('0', '.')
            : duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
