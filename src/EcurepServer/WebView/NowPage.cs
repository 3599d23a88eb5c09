using System.Text;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Sessions;
using EcurepServer.Management;
using EcurepServer.Transcripts;

namespace EcurepServer.WebView;

/// <summary>Now: the sessions connected across sites and protocols with what they uploaded so far (other nodes' sessions and uploads too), and the last arrivals.</summary>
internal static class NowPage
{
    private const int LastArrivals = 10;

    public static async Task<string> RenderAsync(
        LiveSessions live, DropBox dropBox, ClaimedUploads claimed, SessionsElsewhere elsewhere, UploadCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = ActiveSession.List(
            live.Connected, await claimed.WithOtherNodesAsync(dropBox.UploadsInProgress, cancellationToken), await elsewhere.ListAsync(cancellationToken));
        var arrivals = (await catalog.ListAsync(new UploadQuery(Last: LastArrivals), cancellationToken)).Reverse();
        var html = new StringBuilder();
        html.Append("<h2>Sessions in progress (").Append(sessions.Count).Append(")</h2>");
        if (sessions.Count == 0)
        {
            html.Append("<p class=\"note\">No session is connected.</p>");
        }
        else
        {
            html.Append(Html.TableStart("sessions stack", "Session", "Account", "Client", "Site", "Protocol", "State", "Bytes so far", "Rate", "Since (UTC)"));
            foreach (var session in sessions)
            {
                html.Append("<tr data-session=\"").Append(Html.Encode(session.SessionId)).Append("\">")
                    .Append(Html.Cell("Session", $"<a class=\"mono nowrap\" href=\"/web/sessions/{Html.Url(session.SessionId)}\">{Html.Text(session.SessionId)}</a>"))
                    .Append(Html.Cell("Account", session.Account is null ? "<span class=\"note\">not logged in</span>" : Html.Text(session.Account), "wrap"))
                    .Append(Html.Cell("Client", Html.Text(session.ClientAddress), "mono nowrap"))
                    .Append(Html.Cell("Site", Html.Text(session.Site)))
                    .Append(Html.Cell("Protocol", Html.Text(session.Protocol)))
                    .Append(Html.Cell("State", State(session), "wrap"))
                    .Append(Html.Cell("Bytes so far", Html.Number(session.BytesInFlight), "num bytes", session.BytesInFlight))
                    .Append(Html.Cell("Rate", Rate(session, now), "num"))
                    .Append(Html.Cell("Since", Html.Time(session.StartedUtc), "nowrap"))
                    .Append("</tr>");
            }

            html.Append(Html.TableEnd);
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
