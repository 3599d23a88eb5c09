using System.Net;
using System.Text.RegularExpressions;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>A plain HTTP client of the web pages (/web): no redirects followed, cookies kept, the forms' CSRF token read from a page.</summary>
public sealed partial class WebViewClient : IDisposable
{
    private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };

    public WebViewClient(Uri managementUrl)
    {
        Http = new HttpClient(_handler) { BaseAddress = managementUrl };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>The CSRF token in a page's forms (fetching the page also sets the CSRF cookie).</summary>
    public async Task<string> CsrfTokenAsync(string page)
    {
        var html = await Http.GetStringAsync(page);
        return WebUtility.HtmlDecode(CsrfField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No CSRF token on {page}:\n{html}"));
    }

    /// <summary>Signs in through the form; returns the response (a redirect to /web/now when the token is right).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string token)
    {
        var csrf = await CsrfTokenAsync("/web/sign-in");
        return await Http.PostAsync("/web/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = csrf, ["token"] = token }));
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
