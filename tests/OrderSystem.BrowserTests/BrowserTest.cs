using Microsoft.Playwright;

namespace OrderSystem.BrowserTests;

/// <summary>
/// A test with its own browser page (fresh cookies and storage). When the test fails, a screenshot of the page goes to
/// <c>screenshots/&lt;class&gt;.&lt;test&gt;.png</c> under the test output (bin/Release/net10.0/screenshots).
/// </summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>How long a page may take for anything a person waits for (slow shared CI machines included).</summary>
    protected static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);

    IBrowserContext? _context;

    /// <summary>The page the test drives.</summary>
    protected IPage Page { get; private set; } = null!;

    /// <summary>The system under test.</summary>
    protected static LocalSystem System => LocalSystem.Current;

    /// <summary>Where failure screenshots go.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        _context.SetDefaultTimeout((float)PageTimeout.TotalMilliseconds);
        Page = await _context.NewPageAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // ORDERSYSTEM_BROWSER_SCREENSHOTS=all keeps a screenshot of every test, to look at what the tests saw.
        var every = Environment.GetEnvironmentVariable("ORDERSYSTEM_BROWSER_SCREENSHOTS") == "all";
        if ((every || TestContext.Current.TestState?.Result == TestResult.Failed) && Page is not null)
        {
            var test = TestContext.Current.Test?.TestDisplayName ?? "test";
            var file = Path.Combine(ScreenshotDirectory, $"{string.Concat(test.Split(Path.GetInvalidFileNameChars()))}.png");
            Directory.CreateDirectory(ScreenshotDirectory);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            TestContext.Current.SendDiagnosticMessage($"Screenshot of the failed page: {file}");
        }

        if (_context is not null)
            await _context.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
