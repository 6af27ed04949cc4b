using Microsoft.Playwright;

namespace OrderSystem.BrowserTests;

/// <summary>The .NET Aspire dashboard of the AppHost: resources and traces, as a person reads them.</summary>
public sealed class AspireDashboard
{
    readonly IPage _page;
    readonly Uri _address;

    AspireDashboard(IPage page, Uri address)
    {
        _page = page;
        _address = address;
    }

    /// <summary>Opens the dashboard (anonymous in the local run) and waits until its resource list is rendered.</summary>
    public static async Task<AspireDashboard> OpenAsync(IPage page, Uri address)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(address.ToString());
        // Blazor Server renders after the circuit connects: wait for the grid, not for the page load.
        await page.Locator(".fluent-data-grid-row").First.WaitForAsync();
        return new AspireDashboard(page, address);
    }

    /// <summary>The row of resource <paramref name="name"/> on the Resources page.</summary>
    public ILocator Resource(string name) =>
        _page.Locator(".fluent-data-grid-row").Filter(new() { Has = _page.GetByText(name, new() { Exact = true }) });

    /// <summary>
    /// Traces, filtered by the tag <paramref name="tag"/> = <paramref name="value"/> (e.g. ordersystem.order_id): the
    /// filter a person adds with "Filters", here in the page's own URL form. Returns the row of the trace whose root is
    /// <paramref name="rootSpan"/>, once it arrived (services export every second).
    /// </summary>
    public async Task<ILocator> FindTraceAsync(string tag, string value, string rootSpan, TimeSpan timeout)
    {
        var filter = Uri.EscapeDataString($"{tag}:equals:{value}");
        var row = _page.Locator(".fluent-data-grid-row").Filter(new() { Has = _page.Locator(".trace-name-content", new() { HasText = rootSpan }) });
        await Wait.Until(async () =>
        {
            await _page.GotoAsync(new Uri(_address, $"traces?filters={filter}").ToString());
            await _page.Locator(".result-count").WaitForAsync();
            return await row.CountAsync() > 0;
        }, $"a trace {rootSpan} with {tag} = {value} is listed", timeout);
        return row.First;
    }

    /// <summary>The resources (services) a trace row shows spans of, e.g. "order (26)".</summary>
    public static async Task<IReadOnlyList<string>> SpanResourcesAsync(ILocator traceRow)
    {
        ArgumentNullException.ThrowIfNull(traceRow);
        return await traceRow.Locator(".trace-service-tag").AllInnerTextsAsync();
    }

    /// <summary>Opens a trace's detail page from its row; returns the page's summary line ("Resources 4", "Total spans 63", ...).</summary>
    public async Task<string> OpenTraceAsync(ILocator traceRow)
    {
        ArgumentNullException.ThrowIfNull(traceRow);
        await traceRow.Locator(".trace-name-content").ClickAsync();
        // Wait for the detail page's content, not for a navigation event: the dashboard routes client-side, and waiting
        // for a "load" of that route once timed out although the page was there (clean-clone run, screenshot).
        var summary = _page.Locator(".fluent-toolbar, .page-header, main").Filter(new() { HasText = "Total spans" }).First;
        await summary.WaitForAsync();
        if (!_page.Url.Contains("/traces/detail/", StringComparison.Ordinal))
            throw new InvalidOperationException($"Expected the trace detail page, but the browser is at {_page.Url}.");
        return await summary.InnerTextAsync();
    }

    /// <summary>The span names shown on the open trace detail page.</summary>
    public async Task<IReadOnlyList<string>> SpanNamesAsync()
    {
        await _page.Locator(".fluent-data-grid-row").Nth(1).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        return await _page.Locator(".fluent-data-grid-row").AllInnerTextsAsync();
    }
}
