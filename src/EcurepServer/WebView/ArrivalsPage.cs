using System.Globalization;
using System.Text;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;
using EcurepServer.Management;
using Microsoft.AspNetCore.Http;

namespace EcurepServer.WebView;

/// <summary>Arrivals: the receipts, newest first, filtered by case, PMR, lost, account, site, protocol and time.</summary>
internal static class ArrivalsPage
{
    public static async Task<(string Body, bool Bad)> RenderAsync(IQueryCollection query, UploadCatalog catalog, int maxRows, CancellationToken cancellationToken)
    {
        string? Value(string name) => query[name].ToString() is { Length: > 0 } value ? value.Trim() : null;
        var (caseNumber, pmr, account, site, protocol, since, until, route) =
            (Value("case"), Value("pmr"), Value("account"), Value("site"), Value("protocol"), Value("since"), Value("until"), Value("route"));
        var filter = QueryParameters.Uploads(since, account, site, caseNumber, pmr, null, null, out var problem);
        DateTimeOffset? before = null;
        if (problem is null && until is not null)
        {
            if (DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                before = parsed;
            }
            else
            {
                problem = $"until: '{until}' is not a time (such as 2026-12-03T08:00:00Z).";
            }
        }

        RouteKind? kind = route switch
        {
            "lost" => RouteKind.Lost,
            "case" => RouteKind.Case,
            "pmr" => RouteKind.Pmr,
            _ => null,
        };
        var html = new StringBuilder("<form class=\"grid\" method=\"get\" action=\"/web/arrivals\">");
        Field(html, "case", "Case", caseNumber);
        Field(html, "pmr", "PMR", pmr);
        html.Append("<label>Route<select name=\"route\">");
        foreach (var (value, text) in new[] { ("", "any"), ("case", "case"), ("pmr", "PMR"), ("lost", "lost") })
        {
            html.Append("<option value=\"").Append(value).Append('"').Append((route ?? "") == value ? " selected" : string.Empty).Append('>').Append(text).Append("</option>");
        }

        html.Append("</select></label>");
        Field(html, "account", "Account", account);
        Field(html, "site", "Site", site);
        Field(html, "protocol", "Protocol", protocol);
        Field(html, "since", "Since (UTC)", since);
        Field(html, "until", "Until (UTC)", until);
        html.Append("<button type=\"submit\">Filter</button></form>");
        if (problem is not null)
        {
            html.Append("<p class=\"error\">").Append(Html.Text(problem)).Append("</p>");
            return (html.ToString(), true);
        }

        // Read in delivery order and counted as they pass; only the newest maxRows are kept.
        var count = 0;
        var newest = new Queue<ReceiptEntry>(maxRows + 1);
        await foreach (var entry in catalog.StreamAsync(filter, cancellationToken))
        {
            if ((protocol is null || string.Equals(entry.Receipt.Protocol, protocol, StringComparison.OrdinalIgnoreCase))
                && (kind is null || entry.Route.Kind == kind)
                && (before is null || entry.Receipt.CompletedUtc < before))
            {
                count++;
                newest.Enqueue(entry);
                if (newest.Count > maxRows)
                {
                    newest.Dequeue();
                }
            }
        }

        html.Append("<p class=\"note\">").Append(count).Append(count == 1 ? " upload" : " uploads")
            .Append(count > maxRows ? $", the newest {maxRows} shown" : string.Empty).Append(".</p>")
            .Append(ArrivalTable.Render(newest.OrderByDescending(entry => entry.Receipt.CompletedUtc), "No upload matches."));
        return (html.ToString(), false);
    }

    private static void Field(StringBuilder html, string name, string label, string? value) =>
        html.Append("<label>").Append(label).Append("<input name=\"").Append(name).Append("\" value=\"").Append(Html.Encode(value)).Append("\"></label>");
}
