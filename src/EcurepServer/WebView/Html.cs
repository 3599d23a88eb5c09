using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using EcurepServer.Logging;

namespace EcurepServer.WebView;

/// <summary>
/// Text for the pages: everything is HTML-encoded, and a value that came from a client first has its control and
/// format characters (bidirectional overrides such as U+202E, zero-width characters) written visibly as \u202E.
/// </summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>A value from a client (file name, account, e-mail text): escaped visibly, then encoded.</summary>
    public static string Text(string? value) => value is null ? string.Empty : Encoder.Encode(PrintableText.Escape(value));

    /// <summary>Text already made printable (a rendered transcript line) or the server's own: encoded only.</summary>
    public static string Encode(string? value) => value is null ? string.Empty : Encoder.Encode(value);

    /// <summary>A value for a URL's path segment or query.</summary>
    public static string Url(string value) => Encoder.Encode(Uri.EscapeDataString(value));

    /// <summary>
    /// The opening of a data table that scrolls sideways when too wide; header texts are our own markup. Close it with
    /// <see cref="TableEnd"/>.
    /// </summary>
    public static string TableStart(string tableClass, params ReadOnlySpan<string> headers)
    {
        var html = new StringBuilder("<div class=\"scroll\"><table class=\"").Append(tableClass).Append("\"><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(header).Append("</th>");
        }

        return html.Append("</tr></thead><tbody>").ToString();
    }

    public const string TableEnd = "</tbody></table></div>";

    /// <summary>A table cell that names its column, so a narrow screen can show each row as a card of labelled lines.</summary>
    public static string Cell(string label, string contentHtml, string? cssClass = null, long? bytes = null) =>
        $"<td data-label=\"{label}\"{(cssClass is null ? string.Empty : $" class=\"{cssClass}\"")}{(bytes is null ? string.Empty : $" data-bytes=\"{bytes.Value.ToString(CultureInfo.InvariantCulture)}\"")}>{contentHtml}</td>";

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1024 * 1024 * 1024 => (bytes / (1024 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1024 * 1024 => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1024 => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    public static string Time(DateTimeOffset time) =>
        $"<time datetime=\"{time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\">{time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</time>";
}
