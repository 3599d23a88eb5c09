using System.Text;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Transcripts;
using EcurepServer.Transcripts;

namespace EcurepServer.WebView;

/// <summary>Session: its uploads and its transcript as <c>sessions show</c> renders it, both followed live while the session runs.</summary>
internal static class SessionPage
{
    /// <summary>The page's body, or null when the id is not a session id or its transcript is not (or no longer) kept.</summary>
    public static async Task<(string Title, string Body)?> RenderAsync(
        string id, TranscriptStore store, TranscriptWriter writer, LiveSessions live, UploadCatalog catalog, CancellationToken cancellationToken)
    {
        var running = IsRunning(id, live);
        if (await TranscriptAsync(id, store, writer, cancellationToken) is not { } transcript)
        {
            return null;
        }

        var summary = transcript.Summary;
        var html = new StringBuilder()
            .Append("<div class=\"card\"><dl><dt>Protocol</dt><dd>").Append(Html.Text(summary.Protocol ?? "?"))
            .Append("</dd><dt>Site</dt><dd>").Append(Html.Text(summary.Site ?? "?"))
            .Append("</dd><dt>Client</dt><dd class=\"mono\">").Append(Html.Text(summary.Client ?? "?"))
            .Append("</dd><dt>Account</dt><dd>").Append(summary.Account is null ? "<span class=\"note\">none</span>" : Html.Text(summary.Account))
            .Append("</dd><dt>Began (UTC)</dt><dd>").Append(Html.Time(summary.Started))
            .Append("</dd><dt>State</dt><dd id=\"live-state\">").Append(running ? "running" : "ended: " + Html.Text(summary.EndReason ?? "no end recorded"))
            .Append("</dd></dl></div><div id=\"session\"");
        if (running)
        {
            html.Append(" data-live=\"/web/sessions/").Append(Html.Url(id)).Append("/events\"");
        }

        return ("Session " + id, html.Append('>').Append(await LiveBodyAsync(id, transcript.Lines, catalog, cancellationToken)).Append("</div>").ToString());
    }

    /// <summary>The live part (uploads and transcript) and whether the session has ended, so the stream can stop.</summary>
    public static async Task<(string Html, bool Ended)> LiveAsync(
        string id, TranscriptStore store, TranscriptWriter writer, LiveSessions live, UploadCatalog catalog, CancellationToken cancellationToken)
    {
        // Whether it runs is read before the transcript, so the last update of an ended session holds its end.
        var running = IsRunning(id, live);
        var transcript = await TranscriptAsync(id, store, writer, cancellationToken);
        return (await LiveBodyAsync(id, transcript?.Lines ?? string.Empty, catalog, cancellationToken), !running);
    }

    private static async Task<string> LiveBodyAsync(string id, string lines, UploadCatalog catalog, CancellationToken cancellationToken)
    {
        var uploads = await catalog.ListAsync(new UploadQuery(Session: id), cancellationToken);
        return "<h2>Uploads</h2>" + ArrivalTable.Render(uploads, "This session delivered no upload (yet).") + "<h2>Transcript</h2><pre class=\"transcript\">" + lines + "</pre>";
    }

    private static bool IsRunning(string id, LiveSessions live) => live.Connected.Any(session => session.Id == id);

    private static async Task<(SessionSummary Summary, string Lines)?> TranscriptAsync(
        string id, TranscriptStore store, TranscriptWriter writer, CancellationToken cancellationToken)
    {
        if (store.FileOf(id) is not { } file)
        {
            return null;
        }

        await writer.FlushAsync(cancellationToken);
        if (!File.Exists(file))
        {
            return null;
        }

        var events = await TranscriptStore.ReadAsync(file, cancellationToken);
        var summary = SessionSummary.Of(id, events);
        return (summary, string.Join("\n", TranscriptRenderer.Render(summary, events).Select(Html.Encode)));
    }
}
