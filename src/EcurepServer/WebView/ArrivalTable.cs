using System.Text;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Receipts;
using EcurepServer.Core.Routing;

namespace EcurepServer.WebView;

/// <summary>Delivered uploads as a table: when, file, size, SHA-256, account, door, route, session and download links.</summary>
internal static class ArrivalTable
{
    public static string Render(IEnumerable<ReceiptEntry> entries, string empty)
    {
        var rows = new StringBuilder();
        foreach (var entry in entries)
        {
            var receipt = entry.Receipt;
            var id = UploadCatalog.IdOf(receipt);
            rows.Append("<tr data-upload=\"").Append(id).Append("\"><td>").Append(Html.Time(receipt.CompletedUtc))
                .Append("</td><td class=\"mono name\">").Append(Html.Text(receipt.Path))
                .Append("</td><td class=\"num\" data-bytes=\"").Append(receipt.Size).Append("\">").Append(Html.Number(receipt.Size))
                .Append("</td><td class=\"mono sha256\">").Append(Html.Encode(receipt.Sha256))
                .Append("</td><td>").Append(Html.Text(receipt.Account)).Append(receipt.Anonymous ? " <span class=\"note\">(anonymous)</span>" : string.Empty)
                .Append("</td><td>").Append(Html.Text(receipt.Site)).Append(" · ").Append(Html.Text(receipt.Protocol))
                .Append("</td><td>").Append(Route(entry.Route))
                .Append("</td><td><a class=\"mono\" href=\"/web/sessions/").Append(Html.Url(receipt.SessionId)).Append("\">").Append(Html.Text(receipt.SessionId)).Append("</a>")
                .Append("</td><td>").Append(entry.IsDeleted
                    ? "<span class=\"note\">deleted</span>"
                    : $"<a href=\"/web/uploads/{id}/content\" download>download</a>")
                .Append("</td></tr>");
        }

        return rows.Length == 0
            ? $"<p class=\"note\">{Html.Encode(empty)}</p>"
            : "<div class=\"scroll\"><table class=\"arrivals\"><thead><tr><th>Completed (UTC)</th><th>File</th><th>Bytes</th><th>SHA-256</th><th>Account</th><th>Site · protocol</th><th>Route</th><th>Session</th><th></th></tr></thead><tbody>"
                + rows + "</tbody></table></div>";
    }

    private static string Route(Route route) => route.Kind switch
    {
        RouteKind.Case => "case " + Html.Text(route.Case),
        RouteKind.Pmr => "PMR " + Html.Text(route.Pmr),
        _ => "lost",
    };
}
