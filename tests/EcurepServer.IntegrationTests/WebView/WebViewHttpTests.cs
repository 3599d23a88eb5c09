using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EcurepServer.IntegrationTests.Support;

namespace EcurepServer.IntegrationTests.WebView;

/// <summary>
/// The web pages over plain HTTP: nothing without the sign-in cookie or the token, the cookie's flags, forms refused
/// without their CSRF token, and client text (an anonymous e-mail that is a script tag, file names with markup and a
/// bidirectional override) shown as text on every page that shows it. A wrong token is tried at every page, more
/// often than Management:MaxTokenFailures allows by default (that limit has its own tests).
/// </summary>
public sealed class WebViewHttpTests() : ServerTestBase("Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}", "Management:MaxTokenFailures=1000")
{
    private const string Token = "webview-token-0123456789abcdef";
    private const string ScriptEmail = "<script>alert(1)</script>";
    private const string MarkupName = "<img src=x onerror=alert(1)>.txt";
    private const string BidiName = "TS012345678_\u202Egpj.exe";

    private Uri ManagementUrl => new(Server.Ready.GetProperty("managementUrl").GetString()!);

    [Fact]
    public async Task Every_page_without_the_cookie_or_the_token_redirects_to_the_sign_in_form()
    {
        (string Method, string Path)[] pages =
        [
            ("GET", "/web"), ("GET", "/web/now"), ("GET", "/web/now/events"), ("GET", "/web/arrivals"), ("GET", "/web/faults"), ("GET", "/web/sites"),
            ("GET", "/web/sessions/20261203T081502Z-7f3a"), ("GET", "/web/sessions/20261203T081502Z-7f3a/events"),
            ("GET", "/web/uploads/0123456789abcdef0123456789abcdef/content"),
            ("POST", "/web/faults"), ("POST", "/web/faults/clear"), ("POST", "/web/faults/any/clear"), ("POST", "/web/sign-out"),
        ];
        using var client = new WebViewClient(ManagementUrl);
        client.Cookies.Add(ManagementUrl, new Cookie("ecurep_web", "forged-or-stale", "/web"));
        foreach (var (method, path) in pages)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-0123456789");

            using var response = await client.Http.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path}: {response.StatusCode}");
            var location = response.Headers.Location?.OriginalString;
            Assert.True(location == "/web/sign-in" || (path == "/web" && location == "/web/now"), $"{method} {path}: {location}");
        }
    }

    [Fact]
    public async Task The_sign_in_form_sets_an_HttpOnly_SameSite_Strict_cookie_for_the_right_token_only()
    {
        using var client = new WebViewClient(ManagementUrl);

        using (var wrong = await client.SignInAsync("not-the-token-0123456789"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.DoesNotContain(wrong.Headers.TryGetValues("Set-Cookie", out var none) ? none : [], cookie => cookie.StartsWith("ecurep_web=", StringComparison.Ordinal));
        }

        using var right = await client.SignInAsync(Token);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/web/now", right.Headers.Location?.OriginalString);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"), value => value.StartsWith("ecurep_web=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/web", cookie, StringComparison.OrdinalIgnoreCase);
        using var now = await client.Http.GetAsync("/web/now");
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        Assert.Contains("default-src 'none'", now.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_CSRF_token_is_refused_and_changes_nothing()
    {
        using var client = new WebViewClient(ManagementUrl);
        using (var signedIn = await client.SignInAsync(Token))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var rule = new Dictionary<string, string> { ["point"] = "STOR", ["action"] = "reply", ["code"] = "452" };
        using (var withoutToken = await client.Http.PostAsync("/web/faults", new FormUrlEncodedContent(rule)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        }

        using (var forgedToken = await client.Http.PostAsync("/web/faults", new FormUrlEncodedContent(new Dictionary<string, string>(rule) { ["csrf"] = "forged" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forgedToken.StatusCode);
        }

        using (var signInWithoutToken = await client.Http.PostAsync("/web/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, signInWithoutToken.StatusCode);
        }

        Assert.Empty(await FaultRulesAsync());

        // The same form with its token is taken, so the refusals above are the CSRF check's.
        var csrf = await client.CsrfTokenAsync("/web/faults");
        using (var withToken = await client.Http.PostAsync("/web/faults", new FormUrlEncodedContent(new Dictionary<string, string>(rule) { ["csrf"] = csrf })))
        {
            Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);
        }

        Assert.Single(await FaultRulesAsync());
    }

    [Fact]
    public async Task Markup_and_a_bidirectional_override_from_a_client_show_as_text()
    {
        string sessionId;
        await using (var ftp = await FtpTestClient.ConnectAsync(Server.ControlEndPoint))
        {
            await ftp.SecureLoginAsync("anonymous", ScriptEmail);
            foreach (var name in new[] { MarkupName, BidiName })
            {
                var (_, final) = await DataTransfers.UploadAsync(ftp, await ftp.PassiveAsync(), $"STOR toibm/aix/{name}", Encoding.ASCII.GetBytes("text\n"), protect: true);
                Assert.Equal(226, final.Code);
            }

            using var client = new WebViewClient(ManagementUrl);
            client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var now = await client.Http.GetStringAsync("/web/now");
            AssertShownAsText(now);
            sessionId = (await Server.ReceiptsAsync()).First().GetProperty("sessionId").GetString()!;
        }

        using var pages = new WebViewClient(ManagementUrl);
        pages.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        AssertShownAsText(await pages.Http.GetStringAsync("/web/arrivals"));
        AssertShownAsText(await pages.Http.GetStringAsync($"/web/sessions/{sessionId}"));
        AssertShownAsText(await pages.Http.GetStringAsync("/web/arrivals?account=anonymous"));
    }

    /// <summary>No client markup or raw override on the page; each value there, encoded, and the override visibly escaped.</summary>
    private static void AssertShownAsText(string html)
    {
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.txt", html, StringComparison.Ordinal);
        Assert.Contains(@"TS012345678_\u202Egpj.exe", html, StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> FaultRulesAsync()
    {
        using var api = new HttpClient { BaseAddress = ManagementUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var rules = JsonDocument.Parse(await api.GetStringAsync("/faults"));
        return [.. rules.RootElement.EnumerateArray().Select(rule => rule.Clone())];
    }
}
