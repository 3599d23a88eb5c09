using System.Text;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Sessions;
using EcurepServer.Management;
using EcurepServer.Transcripts;

namespace EcurepServer.WebView;

/// <summary>Now: the sessions connected across sites and protocols with what they uploaded so far, and the last arrivals.</summary>
internal static class NowPage
{
    private const int LastArrivals = 10;

    public static async Task<string> RenderAsync(LiveSessions live, DropBox dropBox, UploadCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = ActiveSession.List(live.Connected, dropBox.UploadsInProgress);
        var arrivals = (await catalog.ListAsync(new UploadQuery(), cancellationToken)).OrderByDescending(entry => entry.Receipt.CompletedUtc).Take(LastArrivals);
        var html = new StringBuilder();
        html.Append("<h2>Sessions in progress (").Append(sessions.Count).Append(")</h2>");
        if (sessions.Count == 0)
        {
            html.Append("<p class=\"note\">No session is connected.</p>");
        }
        else
        {
            html.Append("<div class=\"scroll\"><table class=\"sessions\"><thead><tr><th>Session</th><th>Account</th><th>Client</th><th>Site</th><th>Protocol</th><th>State</th><th>Bytes so far</th><th>Rate</th><th>Since (UTC)</th></tr></thead><tbody>");
            foreach (var session in sessions)
            {
                html.Append("<tr data-session=\"").Append(Html.Encode(session.SessionId)).Append("\"><td><a class=\"mono\" href=\"/web/sessions/").Append(Html.Url(session.SessionId)).Append("\">")
                    .Append(Html.Text(session.SessionId)).Append("</a></td><td>").Append(session.Account is null ? "<span class=\"note\">not logged in</span>" : Html.Text(session.Account))
                    .Append("</td><td class=\"mono\">").Append(Html.Text(session.ClientAddress)).Append("</td><td>").Append(Html.Text(session.Site))
                    .Append("</td><td>").Append(Html.Text(session.Protocol)).Append("</td><td>").Append(State(session))
                    .Append("</td><td class=\"num bytes\" data-bytes=\"").Append(session.BytesInFlight).Append("\">").Append(Html.Number(session.BytesInFlight))
                    .Append("</td><td class=\"num\">").Append(Rate(session, now)).Append("</td><td>").Append(Html.Time(session.StartedUtc)).Append("</td></tr>");
            }

            html.Append("</tbody></table></div>");
        }

        html.Append("<h2>Last arrivals</h2>").Append(ArrivalTable.Render(arrivals, "Nothing delivered yet."));
        return html.ToString();
    }

    private static string State(ActiveSession session) => session.Uploads.Count > 0
        ? "uploading " + string.Join(", ", session.Uploads.Select(upload => $"<span class=\"mono\">{Html.Text(upload.Path)}</span>"))
        : session.Account is null ? "connected" : "logged in";

    /// <summary>The bytes of its uploads in progress over the time since the first of them began.</summary>
    private static string Rate(ActiveSession session, DateTimeOffset now)
    {
        if (session.Uploads.Count == 0)
        {
            return "–";
        }

        var seconds = (now - session.Uploads.Min(upload => upload.StartedUtc)).TotalSeconds;
        return seconds <= 0 ? "–" : Html.Bytes(session.BytesInFlight / seconds) + "/s";
    }
}
