using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace EcurepServer.IntegrationTests.Support;

/// <summary>
/// Debian's chromium driven headless through Debian's chromedriver (both from scripts/install-test-deps.sh; given by
/// path, so Selenium Manager never looks for a download), with a profile in a temporary directory deleted after.
/// Screenshots go to TestResults/screenshots below the test output, at 1280×800 and at 390 pixels wide.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public static readonly Size Desktop = new(1280, 800);
    public static readonly Size Phone = new(390, 844);

    private readonly TempDirectory _profile = new();

    public HeadlessChromium()
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--no-first-run", "--hide-scrollbars", $"--window-size={Desktop.Width},{Desktop.Height}", $"--user-data-dir={_profile.Path}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Emulate(Desktop);
    }

    public static string ScreenshotDirectory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public ChromeDriver Driver { get; }

    public void GoTo(Uri address) => Driver.Navigate().GoToUrl(address);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the page's text when it does not in time.</summary>
    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (!Holds(condition))
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}; the page at {Driver.Url} shows:\n{Driver.FindElement(By.TagName("body")).Text}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>The page as it is now, at 1280×800 and at 390 pixels wide, as &lt;name&gt;-1280.png and &lt;name&gt;-390.png.</summary>
    public void Screenshots(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        foreach (var size in new[] { Desktop, Phone })
        {
            Emulate(size);
            Driver.GetScreenshot().SaveAsFile(System.IO.Path.Combine(ScreenshotDirectory, $"{name}-{size.Width}.png"));
        }

        Emulate(Desktop);
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        _profile.Dispose();
    }

    /// <summary>The page's viewport exactly this size (a window's size would include the browser's own frame); narrow as a phone's.</summary>
    private void Emulate(Size size) => Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
    {
        ["width"] = size.Width,
        ["height"] = size.Height,
        ["deviceScaleFactor"] = 1,
        ["mobile"] = size.Width < Desktop.Width,
    });

    private static bool Holds(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (Exception e) when (e is NoSuchElementException or StaleElementReferenceException)
        {
            return false;
        }
    }
}
