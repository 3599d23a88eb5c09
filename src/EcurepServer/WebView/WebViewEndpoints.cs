using System.Globalization;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Defender;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Ftp.Data;
using EcurepServer.Hosting.Readiness;
using EcurepServer.Management;
using EcurepServer.Metrics;
using EcurepServer.Settings;
using EcurepServer.Transcripts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcurepServer.WebView;

/// <summary>
/// The web view's routes below /web on the management endpoint: the sign-in form for anyone, every other page only
/// with the sign-in cookie or the management token (else a redirect to the sign-in form), every form checked for its
/// CSRF token. Pages are HTML rendered here; the live regions follow Server-Sent Events.
/// </summary>
internal static class WebViewEndpoints
{
    public const string CsrfField = "csrf";
    public const string CsrfCookie = "ecurep_csrf";
    private const string SignInPath = "/web/sign-in";

    public static void Map(WebApplication app, ManagementOptions options)
    {
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/web"))
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = PageLayout.ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // As antiforgery wants it for every response that carries a token (else it rewrites them and warns).
                headers.CacheControl = "no-cache, no-store";
                headers.Pragma = "no-cache";
            }

            await next(http);
        });

        app.MapGet("/web", () => Results.Redirect("/web/now"));
        app.MapGet(SignInPath, (HttpContext http, IAntiforgery antiforgery) => PageLayout.Result(SignInPage(antiforgery.GetAndStoreTokens(http).RequestToken!, null)));
        app.MapPost(SignInPath, async (HttpContext http, IAntiforgery antiforgery, WebSignIn signIn, TokenGuessLimit guesses) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return CsrfRefused();
            }

            var address = http.Connection.RemoteIpAddress;
            if (guesses.RefusedFor(address) is { } wait)
            {
                return TooManyWrongTokens(http, antiforgery, wait);
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (signIn.TrySignIn(http, form["token"]))
            {
                return Results.Redirect("/web/now");
            }

            guesses.Failed(address);
            return PageLayout.Result(SignInPage(antiforgery.GetAndStoreTokens(http).RequestToken!, "That is not the management token."), StatusCodes.Status401Unauthorized);
        });

        var pages = app.MapGroup("/web").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var address = http.Connection.RemoteIpAddress;
            // A bearer token here is checked like the API's, so the pages are no way around its limit on wrong ones.
            var bearer = !string.IsNullOrEmpty(http.Request.Headers.Authorization);
            var guesses = http.RequestServices.GetRequiredService<TokenGuessLimit>();
            if (bearer && guesses.RefusedFor(address) is { } wait)
            {
                return ManagementEndpoints.TooManyWrongTokens(http, wait);
            }

            if (http.RequestServices.GetRequiredService<WebSignIn>().IsSignedIn(http))
            {
                return await next(context);
            }

            if (bearer)
            {
                guesses.Failed(address);
            }

            return Results.Redirect(SignInPath);
        });

        pages.MapPost("/sign-out", async (HttpContext http, IAntiforgery antiforgery, WebSignIn signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return CsrfRefused();
            }

            signIn.SignOut(http);
            return Results.Redirect(SignInPath);
        });

        pages.MapGet("/now", async (HttpContext http, IAntiforgery antiforgery, LiveSessions live, DropBox dropBox, ClaimedUploads claimed, SessionsElsewhere elsewhere, UploadCatalog catalog, TimeProvider time) =>
            Page("Now", PageLayout.Section.Now, http, antiforgery,
                $"<div id=\"now\" data-live=\"/web/now/events\">{await NowPage.RenderAsync(live, dropBox, claimed, elsewhere, catalog, time, http.RequestAborted)}</div>"));

        pages.MapGet("/now/events", (HttpContext http, IHostApplicationLifetime lifetime, LiveStreamLimit limit, LiveSessions live, DropBox dropBox, ClaimedUploads claimed, SessionsElsewhere elsewhere, UploadCatalog catalog, TimeProvider time) =>
            LiveStream.RunAsync(http, limit, lifetime.ApplicationStopping, async cancellationToken => (await NowPage.RenderAsync(live, dropBox, claimed, elsewhere, catalog, time, cancellationToken), false)));

        pages.MapGet("/sessions/{id}", async (HttpContext http, IAntiforgery antiforgery, string id, TranscriptStore store, TranscriptWriter writer, LiveSessions live, UploadCatalog catalog) =>
            await SessionPage.RenderAsync(id, store, writer, live, catalog, http.RequestAborted) is { } page
                ? Page(page.Title, PageLayout.Section.None, http, antiforgery, page.Body)
                : Page("No such session", PageLayout.Section.None, http, antiforgery,
                    $"<p>There is no transcript of session <span class=\"mono\">{Html.Text(id)}</span> (not a session id, never kept, or deleted by retention or reset).</p>",
                    StatusCodes.Status404NotFound));

        pages.MapGet("/sessions/{id}/events", (HttpContext http, IHostApplicationLifetime lifetime, LiveStreamLimit limit, string id, TranscriptStore store, TranscriptWriter writer, LiveSessions live, UploadCatalog catalog) =>
            LiveStream.RunAsync(http, limit, lifetime.ApplicationStopping, cancellationToken => SessionPage.LiveAsync(id, store, writer, live, catalog, cancellationToken)));

        pages.MapGet("/arrivals", async (HttpContext http, IAntiforgery antiforgery, UploadCatalog catalog) =>
        {
            var (body, bad) = await ArrivalsPage.RenderAsync(http.Request.Query, catalog, options.WebMaxRows, http.RequestAborted);
            return Page("Arrivals", PageLayout.Section.Arrivals, http, antiforgery, body, bad ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
        });

        pages.MapGet("/uploads/{id}/content", async (HttpContext http, IAntiforgery antiforgery, string id, UploadCatalog catalog) =>
        {
            if (await catalog.FindAsync(id, http.RequestAborted) is not { } entry || catalog.OpenContent(entry) is not { } content)
            {
                return Page("Not available", PageLayout.Section.Arrivals, http, antiforgery,
                    "<p>There is no such upload, or retention or a reset deleted its file.</p>", StatusCodes.Status404NotFound);
            }

            var path = entry.Receipt.Path;
            return TypedResults.Stream(content, "application/octet-stream", path[(path.LastIndexOf('/') + 1)..]);
        });

        pages.MapGet("/faults", async (HttpContext http, IAntiforgery antiforgery, FaultRegistry faults) =>
            Page("Faults", PageLayout.Section.Faults, http, antiforgery, FaultsPage.Render(await faults.ListAsync(http.RequestAborted), Csrf(http, antiforgery), [], null)));

        pages.MapPost("/faults", async (HttpContext http, IAntiforgery antiforgery, FaultRegistry faults) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return CsrfRefused();
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var errors = new List<string>();
            if (FaultsPage.Parse(form, errors) is not { } rule)
            {
                return Page("Faults", PageLayout.Section.Faults, http, antiforgery, FaultsPage.Render(await faults.ListAsync(http.RequestAborted), Csrf(http, antiforgery), errors, form), StatusCodes.Status400BadRequest);
            }

            await faults.AddAsync(rule, http.RequestAborted);
            return Results.Redirect("/web/faults");
        });

        pages.MapPost("/faults/clear", async (HttpContext http, IAntiforgery antiforgery, FaultRegistry faults) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return CsrfRefused();
            }

            await faults.ClearAsync(http.RequestAborted);
            return Results.Redirect("/web/faults");
        });

        pages.MapPost("/faults/{id}/clear", async (HttpContext http, IAntiforgery antiforgery, FaultRegistry faults, string id) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return CsrfRefused();
            }

            await faults.RemoveAsync(id, http.RequestAborted);
            return Results.Redirect("/web/faults");
        });

        pages.MapGet("/sites", async (HttpContext http, IAntiforgery antiforgery, EcurepServerOptions serverOptions, ServerFacts facts, PassivePortPools passivePorts,
            MetricsCollector metrics, ClientDefender defender, ReceivedHistory history, TimeProvider time) =>
            Page("Sites", PageLayout.Section.Sites, http, antiforgery,
                SitesPage.Render(serverOptions, facts, passivePorts, metrics, defender, await defender.BansAsync(http.RequestAborted), history, time)));
    }

    private static string Csrf(HttpContext http, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(http).RequestToken!;

    private static IResult Page(string title, PageLayout.Section section, HttpContext http, IAntiforgery antiforgery, string body, int status = StatusCodes.Status200OK) =>
        PageLayout.Result(PageLayout.Page(title, section, body, Csrf(http, antiforgery)), status);

    private static IResult CsrfRefused() => PageLayout.Result(
        PageLayout.Page("Form refused", PageLayout.Section.None,
            "<p class=\"error\">The form came without its CSRF token, or with a stale one. Go back, reload the page and send it again.</p>", null),
        StatusCodes.Status400BadRequest);

    private static IResult TooManyWrongTokens(HttpContext http, IAntiforgery antiforgery, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return PageLayout.Result(
            SignInPage(antiforgery.GetAndStoreTokens(http).RequestToken!, $"Too many wrong tokens came from your address; try again in {seconds} s."),
            StatusCodes.Status429TooManyRequests);
    }

    private static string SignInPage(string csrf, string? problem) => PageLayout.Page("Sign in", PageLayout.Section.None,
        "<div class=\"signin\"><form method=\"post\" action=\"/web/sign-in\">" + PageLayout.Csrf(csrf)
        + (problem is null ? string.Empty : $"<p class=\"error\">{Html.Encode(problem)}</p>")
        + "<label>Management token<input type=\"password\" name=\"token\" autocomplete=\"current-password\" autofocus required></label>"
        + "<button type=\"submit\">Sign in</button><p class=\"note\">The token of EcurepServer:Management:Token, or the one generated at the first start.</p></form></div>",
        null);
}
