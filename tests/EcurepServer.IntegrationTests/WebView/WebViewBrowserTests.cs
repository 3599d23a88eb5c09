using System.Globalization;
using EcurepServer.IntegrationTests.Support;
using OpenQA.Selenium;

namespace EcurepServer.IntegrationTests.WebView;

/// <summary>
/// The web view in Debian's headless chromium, the way a support engineer uses it while a customer uploads: sign in,
/// watch a curl FTPS upload (slowed by a throttle fault) appear on Now and grow, read its transcript, find its
/// arrival with the right SHA-256, arm a STOR → 452 fault from the form, see curl's next upload fail, clear it.
/// Every page is screenshot at 1280×800 and 390 pixels wide into TestResults/screenshots below the test output.
/// </summary>
public sealed class WebViewBrowserTests() : ServerTestBase(
    "Management:Enabled=true", "Management:Url=http://127.0.0.1:0", $"Management:Token={Token}",
    "Faults:slow-stor:Point=STOR", "Faults:slow-stor:Action=throttle", "Faults:slow-stor:BytesPerSecond=262144", "Faults:slow-stor:Times=1"), IDisposable
{
    private const string Token = "webview-browser-token-0123456789";
    private const string TransferId = "E-WEBV12345a";
    private const string Password = "webview-password-1";
    private const int FourMiB = 4 * 1024 * 1024;

    private readonly TempDirectory _files = new();

    protected override IEnumerable<(string TransferId, string Password)> Accounts => [(TransferId, Password)];

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_support_engineer_watches_an_upload_arrive_and_fails_the_next_one_with_a_fault_from_the_form()
    {
        var web = new Uri(Server.Ready.GetProperty("managementUrl").GetString()!);
        var file = _files.Combine("watched.bin");
        await File.WriteAllBytesAsync(file, DataTransfers.RandomBytes(FourMiB));
        using var browser = new HeadlessChromium();
        var driver = browser.Driver;

        // Not signed in: the sign-in form.
        browser.GoTo(new Uri(web, "/web/now"));
        await browser.UntilAsync(() => driver.Url.EndsWith("/web/sign-in", StringComparison.Ordinal), "the redirect to the sign-in form");
        browser.Screenshots("sign-in");
        driver.FindElement(By.Name("token")).SendKeys(Token);
        driver.FindElement(By.CssSelector("form button[type=submit]")).Click();
        await browser.UntilAsync(() => driver.Url.EndsWith("/web/now", StringComparison.Ordinal), "Now after signing in");

        // Now: the throttled upload's session appears and its byte count grows, without reloading the page.
        var upload = FtpsCurl.UploadAsync(Server.ControlEndPoint, TransferId, Password, file, "toibm/aix/TS012345678_watched.bin");
        long BytesShown() => long.Parse(driver.FindElement(By.CssSelector("table.sessions td.bytes")).GetAttribute("data-bytes")!, CultureInfo.InvariantCulture);
        // The live region is replaced at each update, so every look at it finds it afresh (a stale element is retried).
        long first = 0;
        await browser.UntilAsync(() => (first = BytesShown()) > 0, "the upload's session on Now");
        await browser.UntilAsync(() => BytesShown() > first, "the byte count to grow");
        var sessionId = string.Empty;
        await browser.UntilAsync(() =>
        {
            var row = driver.FindElement(By.CssSelector("table.sessions tr[data-session]"));
            var text = row.Text;
            sessionId = row.GetAttribute("data-session") ?? string.Empty;
            return text.Contains(TransferId, StringComparison.Ordinal) && text.Contains("ftps", StringComparison.Ordinal) && text.Contains("Europe", StringComparison.Ordinal);
        }, "the session's account, protocol and site on Now");
        browser.Screenshots("now");

        // Session: the transcript, live, with the STOR and the negotiated TLS suite.
        await browser.UntilAsync(() =>
        {
            driver.FindElement(By.CssSelector($"tr[data-session='{sessionId}'] a")).Click();
            return true;
        }, "the session's link");
        IWebElement Transcript() => driver.FindElement(By.CssSelector("pre.transcript"));
        await browser.UntilAsync(
            () => Transcript().Text is var text && text.Contains("> STOR TS012345678_watched.bin", StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(text, @"TLS on the control connection: TLSv1\.[23], TLS_\w+"),
            "the STOR and the negotiated TLS suite in the transcript");
        browser.Screenshots("session-running");

        var result = await upload;
        Assert.True(result.ExitCode == 0, result.ToString());
        await browser.UntilAsync(() => Transcript().Text.Contains("ended: ", StringComparison.Ordinal), "the end of the session in the live transcript");
        await browser.UntilAsync(() => driver.FindElement(By.Id("live-state")).Text == "ended", "the session page to stop following");
        await browser.UntilAsync(() => driver.FindElements(By.CssSelector("table.arrivals tr[data-upload]")).Count == 1, "the session's upload on its page");
        browser.Screenshots("session-ended");

        // Arrivals: the receipt with the SHA-256 of the file curl sent.
        browser.GoTo(new Uri(web, "/web/arrivals?account=" + TransferId));
        var arrival = driver.FindElement(By.CssSelector("table.arrivals tr[data-upload]"));
        Assert.Equal(Sha256Of(file), arrival.FindElement(By.CssSelector("td.sha256")).Text);
        Assert.Contains("/toibm/aix/TS012345678_watched.bin", arrival.Text, StringComparison.Ordinal);
        Assert.Contains("case TS012345678", arrival.Text, StringComparison.Ordinal);
        Assert.Equal(new Uri(web, "/web/sessions/" + sessionId).ToString(), arrival.FindElement(By.LinkText(sessionId)).GetAttribute("href"));
        browser.Screenshots("arrivals");

        // Faults: arm STOR → 452 from the form; curl's next upload fails; clear it.
        driver.FindElement(By.LinkText("Faults")).Click();
        await browser.UntilAsync(() => driver.FindElements(By.Id("arm")).Count == 1, "the Faults page");
        driver.FindElement(By.CssSelector("#arm input[name=point]")).SendKeys("STOR");
        driver.FindElement(By.XPath("//form[@id='arm']//select[@name='action']/option[.='reply']")).Click();
        driver.FindElement(By.CssSelector("#arm input[name=code]")).SendKeys("452");
        driver.FindElement(By.CssSelector("#arm input[name=id]")).SendKeys("no-space");
        driver.FindElement(By.CssSelector("#arm button[type=submit]")).Click();
        await browser.UntilAsync(() => driver.FindElements(By.CssSelector("tr[data-fault=no-space]")).Count == 1, "the armed rule in the table");

        var refused = await FtpsCurl.UploadAsync(Server.ControlEndPoint, TransferId, Password, file, "toibm/aix/TS012345678_refused.bin");
        Assert.True(refused.ExitCode == FtpsCurl.UploadFailed, refused.ToString());
        Assert.Contains("452", refused.AllOutput, StringComparison.Ordinal);
        driver.Navigate().Refresh();
        Assert.Equal("1", driver.FindElement(By.CssSelector("tr[data-fault=no-space] td.fired")).Text);
        browser.Screenshots("faults");

        driver.FindElement(By.CssSelector("tr[data-fault=no-space] button")).Click();
        await browser.UntilAsync(() => driver.FindElements(By.CssSelector("tr[data-fault=no-space]")).Count == 0, "the rule to be cleared");
        Assert.Single(driver.FindElements(By.CssSelector("tr[data-fault=slow-stor]")));
        driver.FindElement(By.Id("clear-all")).Click();
        await browser.UntilAsync(() => driver.FindElements(By.CssSelector("tr[data-fault]")).Count == 0, "every rule to be cleared");
        Assert.Contains("No fault rule is armed", driver.FindElement(By.TagName("main")).Text, StringComparison.Ordinal);

        // Sites: listeners, fingerprints and the chart with the bytes just received.
        driver.FindElement(By.LinkText("Sites")).Click();
        await browser.UntilAsync(() => driver.FindElements(By.Id("received-chart")).Count == 1, "the Sites page's chart");
        Assert.Contains("RFC 4217 level", driver.FindElement(By.CssSelector("section[data-site=Europe]")).Text, StringComparison.Ordinal);
        browser.Screenshots("sites");

        // Now again, quiet, with the last arrivals.
        driver.FindElement(By.LinkText("Now")).Click();
        await browser.UntilAsync(() => driver.FindElements(By.CssSelector("table.sessions")).Count == 0, "no session in progress");
        browser.Screenshots("now-quiet");
    }

    private static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
