using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(OrderSystem.BrowserTests.BrowserFixture))]

namespace OrderSystem.BrowserTests;

/// <summary>
/// One headless Chromium for the run: the distribution's (/usr/bin/chromium, or CHROMIUM_PATH), since Playwright
/// cannot download its own browser here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"No Chromium at {executable}: apt-get install chromium (tests/run.sh does), or set CHROMIUM_PATH.");

        _playwright = await Playwright.CreateAsync();
        List<string> arguments =
        [
            // Nothing but the pages under test: no updates, sync, first-run or QUIC traffic, no GPU on a server.
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-quic", "--disable-gpu",
        ];
        // Chromium refuses to start its sandbox as root (CI containers run as root).
        if (Environment.UserName == "root")
            arguments.Add("--no-sandbox");
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = arguments,
        });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
