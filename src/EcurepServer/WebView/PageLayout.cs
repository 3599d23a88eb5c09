using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EcurepServer.WebView;

/// <summary>
/// The frame of every page: navigation, sign-out form, style, and the one small script that follows a page's live
/// region (an element with data-live, the URL of its Server-Sent Events) by replacing its content with each update.
/// The script is allowed by its hash in the Content-Security-Policy; nothing else may run.
/// </summary>
internal static class PageLayout
{
    /// <summary>The live script; each update's data is HTML the server encoded, like the page itself.</summary>
    private const string LiveScript =
        "for(const e of document.querySelectorAll('[data-live]')){if(!window.EventSource)break;" +
        "const s=new EventSource(e.dataset.live);s.addEventListener('update',m=>{e.innerHTML=m.data;});" +
        "s.addEventListener('end',()=>{s.close();const l=document.getElementById('live-state');if(l)l.textContent='ended';});}";

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(LiveScript)))}'";

    private const string Style = """
        :root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:15px;color:#1c2330;background:#f4f6f9}
        body{margin:0}
        header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding:.6rem 1rem;background:#1f3a5f;color:#fff}
        header strong{font-size:1.05rem;letter-spacing:.02em}
        nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem}
        nav a{color:#dbe7f7;text-decoration:none;padding:.15rem 0}
        nav a[aria-current]{color:#fff;border-bottom:2px solid #8fc1ff}
        header form{margin-left:auto}
        main{padding:1rem;max-width:1400px;margin:0 auto}
        h1{font-size:1.35rem;margin:.2rem 0 .8rem}
        h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
        .scroll{overflow-x:auto;background:#fff;border:1px solid #d5dbe4;border-radius:6px}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:.35rem .55rem;border-bottom:1px solid #e6eaf0;vertical-align:top}
        th{background:#eef2f7;font-weight:600;white-space:nowrap}
        td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem}
        .wrap{overflow-wrap:anywhere}
        td.name{min-width:10rem}
        td.sha256{min-width:12rem;font-size:.75rem}
        td.account{min-width:8rem}
        .fingerprint{font-size:.75rem;overflow-wrap:anywhere}
        .nowrap{white-space:nowrap}
        pre.transcript{background:#0f1722;color:#d8e2ee;padding:.8rem;border-radius:6px;overflow-x:auto;font-size:.82rem;line-height:1.35;white-space:pre-wrap;overflow-wrap:anywhere}
        form.inline{display:inline}
        form.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem .8rem;align-items:end;background:#fff;border:1px solid #d5dbe4;border-radius:6px;padding:.8rem}
        label{display:flex;flex-direction:column;font-size:.8rem;color:#4a5568;gap:.15rem}
        label.check{flex-direction:row;align-items:center;gap:.4rem}
        input,select,button{font:inherit;font-size:.9rem;padding:.3rem .45rem;border:1px solid #b8c2d0;border-radius:4px;background:#fff;color:inherit}
        button{background:#1f3a5f;color:#fff;border-color:#1f3a5f;cursor:pointer}
        button.quiet{background:#fff;color:#1f3a5f}
        header button{background:transparent;color:#dbe7f7;border-color:#5a7aa3}
        .note{color:#5a6677;font-size:.85rem}
        .error{background:#fdecec;border:1px solid #e5a3a3;color:#8a1c1c;padding:.5rem .7rem;border-radius:4px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.8rem}
        .card.wide{grid-column:1/-1}
        .card{background:#fff;border:1px solid #d5dbe4;border-radius:6px;padding:.7rem .9rem}
        .card h2{margin-top:0}
        dl{display:grid;grid-template-columns:minmax(6rem,max-content) minmax(0,1fr);gap:.2rem .8rem;margin:0;font-size:.88rem}
        dt{color:#5a6677}
        dd{margin:0;overflow-wrap:anywhere}
        svg{max-width:100%;height:auto;background:#fff;border:1px solid #d5dbe4;border-radius:6px}
        .signin{max-width:24rem;margin:3rem auto;background:#fff;border:1px solid #d5dbe4;border-radius:6px;padding:1.2rem}
        .signin form{display:flex;flex-direction:column;gap:.7rem}
        @media (max-width:700px){
        main{padding:.6rem}header{padding:.5rem .6rem}header form{margin-left:0}
        table.stack thead{display:none}
        table.stack,table.stack tbody,table.stack tr,table.stack td{display:block}
        table.stack tr{border-bottom:1px solid #d5dbe4;padding:.35rem 0}
        table.stack td{border:0;padding:.12rem .6rem;text-align:left;white-space:normal;overflow-wrap:anywhere;min-width:0}
        table.stack td[data-label]::before{content:attr(data-label);display:inline-block;min-width:6.5rem;color:#5a6677;font-size:.78rem}
        }
        """;

    public enum Section
    {
        None,
        Now,
        Arrivals,
        Faults,
        Sites,
    }

    public static string Page(string title, Section current, string body, string? csrfToken)
    {
        var html = new StringBuilder(body.Length + 4096)
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Html.Encode(title)).Append(" · EcurepServer</title><style>").Append(Style).Append("</style></head><body><header><strong>EcurepServer</strong>");
        if (csrfToken is not null)
        {
            html.Append("<nav>");
            Link(html, "/web/now", "Now", current == Section.Now);
            Link(html, "/web/arrivals", "Arrivals", current == Section.Arrivals);
            Link(html, "/web/faults", "Faults", current == Section.Faults);
            Link(html, "/web/sites", "Sites", current == Section.Sites);
            html.Append("</nav><form method=\"post\" action=\"/web/sign-out\">").Append(Csrf(csrfToken)).Append("<button type=\"submit\">Sign out</button></form>");
        }

        return html.Append("</header><main><h1>").Append(Html.Encode(title)).Append("</h1>").Append(body)
            .Append("</main><script>").Append(LiveScript).Append("</script></body></html>").ToString();
    }

    public static string Csrf(string token) => $"<input type=\"hidden\" name=\"{WebViewEndpoints.CsrfField}\" value=\"{Html.Encode(token)}\">";

    public static IResult Result(string html, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static void Link(StringBuilder html, string href, string text, bool current) =>
        html.Append("<a href=\"").Append(href).Append('"').Append(current ? " aria-current=\"page\"" : string.Empty).Append('>').Append(text).Append("</a>");
}
