using Microsoft.Playwright;

namespace OrderSystem.BrowserTests;

/// <summary>
/// RabbitMQ's management UI as a person uses it: log in, open the Exchanges and Queues tabs, publish a message on an
/// exchange's page, "Get messages" on a queue's page.
/// </summary>
public sealed class RabbitMqManagementUi
{
    readonly IPage _page;
    readonly Uri _address;
    readonly string _virtualHost;

    RabbitMqManagementUi(IPage page, Uri address, string virtualHost)
    {
        _page = page;
        _address = address;
        _virtualHost = virtualHost;
    }

    /// <summary>Opens the UI and logs in as the administrator of .env (RABBITMQ_ADMIN_USER / RABBITMQ_ADMIN_PASSWORD).</summary>
    public static async Task<RabbitMqManagementUi> LogInAsync(IPage page, LocalSystem system)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(system);
        await page.GotoAsync(system.RabbitMqManagement.ToString());
        await page.Locator("input[name=username]").FillAsync(system.Settings["RABBITMQ_ADMIN_USER"]);
        await page.Locator("input[name=password]").FillAsync(system.Settings["RABBITMQ_ADMIN_PASSWORD"]);
        await page.Locator("input[type=submit]").ClickAsync();
        await page.Locator("#logout").WaitForAsync();
        return new RabbitMqManagementUi(page, system.RabbitMqManagement, system.VirtualHost);
    }

    /// <summary>Opens a tab (Exchanges, Queues, ...) and waits for its table.</summary>
    public async Task OpenTabAsync(string tab)
    {
        await _page.Locator("#tabs").GetByRole(AriaRole.Link, new() { Name = tab, Exact = true }).ClickAsync();
        // The previous page stays until the new one is rendered: wait for the new heading, then its table.
        await _page.Locator("#main h1").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{tab}$") }).WaitForAsync();
        await _page.Locator("#main table.list").First.WaitForAsync();
    }

    /// <summary>The row of <paramref name="kind"/> (exchanges, queues) <paramref name="name"/> of the vhost in the open tab's table.</summary>
    public ILocator Row(string kind, string name) =>
        _page.Locator($"#main table.list tr:has(a[href=\"#/{kind}/{Uri.EscapeDataString(_virtualHost)}/{Uri.EscapeDataString(name)}\"])");

    /// <summary>The names in the open tab's table (of this vhost).</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(string kind)
    {
        var prefix = $"#/{kind}/{Uri.EscapeDataString(_virtualHost)}/";
        var links = await _page.Locator($"#main table.list a[href^=\"{prefix}\"]").AllAsync();
        var names = new List<string>();
        foreach (var link in links)
            names.Add(Uri.UnescapeDataString((await link.GetAttributeAsync("href"))![prefix.Length..]));
        return names;
    }

    /// <summary>Opens the page of exchange or queue <paramref name="name"/> by its link in the open tab.</summary>
    public async Task OpenAsync(string kind, string name)
    {
        await Row(kind, name).Locator("a").First.ClickAsync();
        await _page.Locator("#main h1").Filter(new() { HasText = name }).WaitForAsync();
    }

    /// <summary>On an exchange's page: "Publish message" with <paramref name="routingKey"/> and <paramref name="payload"/>.</summary>
    public async Task PublishAsync(string routingKey, string payload)
    {
        var section = await ExpandSectionAsync("Publish message");
        await section.Locator("input[name=routing_key]").FillAsync(routingKey);
        await section.Locator("textarea[name=payload]").FillAsync(payload);
        await section.Locator("input[type=submit][value='Publish message']").ClickAsync();
        await DismissPopupAsync("Message published");
    }

    /// <summary>
    /// On a queue's page: "Get messages" with "Nack message requeue true" (they stay in the queue); returns what the
    /// page shows of them (properties, headers, payload).
    /// </summary>
    public async Task<string> GetMessagesAsync(int count)
    {
        var section = await ExpandSectionAsync("Get messages");
        await section.Locator("select[name=ackmode]").SelectOptionAsync("ack_requeue_true");
        await section.Locator("input[name=count]").FillAsync(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The answer replaces #msg-wrapper's content: empty it first, so that what is read is the new answer.
        var messages = _page.Locator("#msg-wrapper");
        await messages.EvaluateAsync("element => element.innerHTML = ''");
        await section.Locator("input[type=submit][value='Get Message(s)']").ClickAsync();
        var shown = messages.Locator("div.box").First;
        var empty = Popup("Queue is empty");
        await shown.Or(empty).First.WaitForAsync();
        if (await empty.IsVisibleAsync())
        {
            await DismissPopupAsync("Queue is empty");
            return "";
        }
        return await messages.InnerTextAsync();
    }

    /// <summary>The UI's own address.</summary>
    public Uri Address => _address;

    ILocator Popup(string text) => _page.Locator(".form-popup-info, .form-popup-warn").Filter(new() { HasText = text });

    /// <summary>Waits for the popup saying <paramref name="text"/> and closes it, as a person clicks "Close".</summary>
    async Task DismissPopupAsync(string text)
    {
        var popup = Popup(text);
        await popup.WaitForAsync();
        await popup.Locator("span").ClickAsync();
        await popup.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    async Task<ILocator> ExpandSectionAsync(string title)
    {
        var section = _page.Locator("#main div.section, #main div.section-hidden")
            .Filter(new() { Has = _page.Locator("h2", new() { HasText = title }) });
        // The UI remembers per user which sections are open (class section-visible).
        if (!await section.Locator("xpath=self::*[contains(@class, 'section-visible')]").IsVisibleAsync())
            await section.Locator("h2").ClickAsync();
        await section.Locator("div.hider").WaitForAsync();
        return section;
    }
}
