using Microsoft.Playwright;

namespace OrderSystem.BrowserTests;

/// <summary>
/// A service's Swagger UI, used as a person uses it: open the page, expand an operation, "Try it out", fill in the
/// parameters and body, "Execute", read the response shown. Every test's requests go through <see cref="OpenAsync"/>
/// and <see cref="SendAsync"/>, so a sign-in step (Swagger's Authorize button) is added in one place.
/// </summary>
public sealed class SwaggerUi
{
    readonly IPage _page;

    SwaggerUi(IPage page, Uri service, string user)
    {
        _page = page;
        Service = service;
        User = user;
    }

    /// <summary>The browser tab the UI is open in.</summary>
    public IPage Page => _page;

    /// <summary>The demo account signed in.</summary>
    public string User { get; }

    /// <summary>The service whose UI this is.</summary>
    public Uri Service { get; }

    /// <summary>
    /// Opens <c>/swagger</c> of <paramref name="service"/>, waits until its operations are listed, and signs in as
    /// <paramref name="user"/> (a demo account of .env) with the Authorize button, as a person does before "Try it out".
    /// </summary>
    public static async Task<SwaggerUi> OpenAsync(IPage page, Uri service, string user = "ada")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(new Uri(service, "swagger").ToString());
        // The page renders first and loads swagger.json after; an error here means "Failed to load API definition".
        var operations = page.Locator(".opblock");
        var failure = page.GetByText("Failed to load API definition");
        await operations.Or(failure).First.WaitForAsync();
        if (await failure.IsVisibleAsync())
            throw new InvalidOperationException($"{service}swagger shows \"Failed to load API definition\".");
        await SignInAsync(page, user);
        return new SwaggerUi(page, service, user);
    }

    /// <summary>
    /// Authorize → (client and scopes are preset) Authorize → Identity's login page in a pop-up: user name and password →
    /// Sign in → the pop-up returns the code to Swagger UI, which redeems it (PKCE) and shows "Logout" → Close.
    /// </summary>
    static async Task SignInAsync(IPage page, string user)
    {
        await page.Locator(".auth-wrapper button.authorize").ClickAsync();
        var dialog = page.Locator(".modal-ux");
        var popup = await page.RunAndWaitForPopupAsync(() => dialog.Locator(".auth-btn-wrapper button.authorize").First.ClickAsync());
        // Signed in at Identity already (its cookie, from an earlier Authorize in this browser context): the pop-up
        // returns at once without showing the login page.
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        var loginShown = popup.Locator("#userName").WaitForAsync();
        if (await Task.WhenAny(loginShown, closed.Task) == loginShown && !loginShown.IsFaulted)
        {
            await popup.Locator("#userName").FillAsync(user);
            await popup.Locator("#password").FillAsync(LocalSystem.Current.Settings[$"IDENTITY_{user.ToUpperInvariant()}_PASSWORD"]);
            await popup.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }

        // Swagger UI labels the button "Remove authorization" for screen readers; a person sees "Logout".
        await dialog.Locator("button", new() { HasText = "Logout" }).First.WaitForAsync();
        await dialog.Locator("button.btn-done").First.ClickAsync();
    }

    /// <summary>
    /// Expands <paramref name="method"/> <paramref name="path"/> (e.g. POST /orders), presses "Try it out", fills in
    /// <paramref name="parameters"/> (path, query and header parameters by name) and <paramref name="body"/>, presses
    /// "Execute" and returns the response the page shows.
    /// </summary>
    public async Task<SwaggerResponse> SendAsync(string method, string path, IReadOnlyDictionary<string, string>? parameters = null, string? body = null)
    {
        var operation = await ExpandAsync(method, path);
        // "Try it out" once; after that the operation offers "Cancel" in its place.
        if (!await operation.Locator("button.execute").IsVisibleAsync())
            await operation.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();

        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
            await operation.Locator($"tr[data-param-name=\"{name}\"] input").FillAsync(value);
        if (body is not null)
            await operation.Locator("textarea.body-param__text").FillAsync(body);

        // A response from the previous Execute stays on the page until "Clear": remove it, so the one read is new.
        var clear = operation.Locator("button.btn-clear");
        if (await clear.IsVisibleAsync())
            await clear.ClickAsync();
        var responses = operation.Locator(".live-responses-table");
        await responses.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        await operation.Locator("button.execute").ClickAsync();
        var response = responses.Locator("tbody tr.response").First;
        await response.WaitForAsync();
        var status = int.Parse(await response.Locator("td.response-col_status").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var bodyText = await response.Locator(".response-col_description pre").First.InnerTextAsync();
        var headers = await response.Locator(".response-col_description").InnerTextAsync();
        return new SwaggerResponse(status, bodyText, headers);
    }

    /// <summary>
    /// Sends the same request again and again (as a person presses "Execute" again) until <paramref name="until"/> holds
    /// for the response shown, or <paramref name="timeout"/> passes.
    /// </summary>
    public Task<SwaggerResponse> SendUntilAsync(string method, string path, IReadOnlyDictionary<string, string>? parameters,
        Func<SwaggerResponse, bool> until, TimeSpan timeout, string because) =>
        Wait.For(() => SendAsync(method, path, parameters), until, because, timeout);

    /// <summary>The operation's block, expanded.</summary>
    async Task<ILocator> ExpandAsync(string method, string path)
    {
        var summary = _page.Locator($".opblock-summary:has(.opblock-summary-path[data-path=\"{path}\"])");
        var operation = _page.Locator($".opblock-{method.ToLowerInvariant()}").Filter(new LocatorFilterOptions { Has = summary });
        summary = operation.Locator(".opblock-summary");
        await operation.WaitForAsync();
        if (!await operation.Locator(".opblock-body").IsVisibleAsync())
            await summary.Locator(".opblock-summary-control").ClickAsync();
        await operation.Locator(".opblock-body").WaitForAsync();
        return operation;
    }
}
