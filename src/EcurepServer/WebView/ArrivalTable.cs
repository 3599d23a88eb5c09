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
            rows.Append("<tr data-upload=\"").Append(id).Append("\">")
                .Append(Html.Cell("Completed", Html.Time(receipt.CompletedUtc)))
                .Append(Html.Cell("File", Html.Text(receipt.Path), "mono wrap name"))
                .Append(Html.Cell("Bytes", Html.Number(receipt.Size), "num", receipt.Size))
                .Append(Html.Cell("SHA-256", Html.Encode(receipt.Sha256), "mono wrap sha256"))
                .Append(Html.Cell("Account", Html.Text(receipt.Account) + (receipt.Anonymous ? " <span class=\"note\">(anonymous)</span>" : string.Empty), "wrap account"))
                .Append(Html.Cell("Site", Html.Text(receipt.Site) + " · " + Html.Text(receipt.Protocol)))
                .Append(Html.Cell("Route", Route(entry.Route), "nowrap"))
                .Append(Html.Cell("Session", $"<a class=\"mono nowrap\" href=\"/web/sessions/{Html.Url(receipt.SessionId)}\">{Html.Text(receipt.SessionId)}</a>"))
                .Append(Html.Cell("File content", entry.IsDeleted ? "<span class=\"note\">deleted</span>" : $"<a href=\"/web/uploads/{id}/content\" download>download</a>"))
                .Append("</tr>");
        }

        return rows.Length == 0
            ? $"<p class=\"note\">{Html.Encode(empty)}</p>"
            : Html.TableStart("arrivals stack", "Completed (UTC)", "File", "Bytes", "SHA-256", "Account", "Site · protocol", "Route", "Session", string.Empty)
                + rows + Html.TableEnd;
    }

    private static string Route(Route route) => route.Kind switch
    {
        RouteKind.Case => "case " + Html.Text(route.Case),
        RouteKind.Pmr => "PMR " + Html.Text(route.Pmr),
        _ => "lost",
    };
}
