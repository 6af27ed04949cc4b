using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

[assembly: AssemblyFixture(typeof(OrderSystem.BrowserTests.TestProduct))]

namespace OrderSystem.BrowserTests;

/// <summary>
/// The product the browser tests order: created once (and restocked when low) through Inventory's API, so that runs
/// against a long-lived system never sell out the tour's demo products. Set-up, not a user path: plain HTTP.
/// </summary>
public sealed class TestProduct : IAsyncLifetime
{
    /// <summary>Its SKU.</summary>
    public const string Sku = "BROWSER-TEST";

    const int Restock = 1_000;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        // The scripts' machine client (client credentials) may change the catalogue and place orders.
        var settings = LocalSystem.Current.Settings;
        using var http = new HttpClient(OrderSystem.Tools.ClientCredentialsToken.Handler(LocalSystem.Current.Service("identity"), "scripts",
            settings["IDENTITY_SCRIPTS_SECRET"], "orders catalogue.write", TimeSpan.FromMinutes(30))) { Timeout = TimeSpan.FromSeconds(30) };
        var inventory = LocalSystem.Current.Service("inventory");
        using (var created = await http.PostAsJsonAsync(new Uri(inventory, "products"), new { sku = Sku, name = "Browser test product", unitPrice = 10.00m, onHand = Restock }))
        {
            if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
                throw new InvalidOperationException($"POST /products answered {created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        }

        var product = await http.GetFromJsonAsync<JsonElement>(new Uri(inventory, $"products/{Sku}"));
        if (product.GetProperty("available").GetInt32() < Restock / 2)
        {
            using var restocked = await http.PutAsJsonAsync(new Uri(inventory, $"products/{Sku}/stock"), new { onHand = product.GetProperty("reserved").GetInt32() + Restock });
            restocked.EnsureSuccessStatusCode();
        }

        // Order learns products from ProductUpdated events: a probe with an invalid card is rejected for the card only
        // once the SKU is known (nothing is stored).
        var order = LocalSystem.Current.Service("order");
        await Wait.Until(async () =>
        {
            using var probe = await http.PostAsJsonAsync(new Uri(order, "orders"), new
            {
                items = new[] { new { sku = Sku, quantity = 1 } },
                payment = new { paymentMethodId = Guid.Empty },
            });
            return probe.StatusCode == HttpStatusCode.BadRequest && !(await probe.Content.ReadAsStringAsync()).Contains("Unknown SKU", StringComparison.Ordinal);
        }, $"Order's catalogue replica knows {Sku}", TimeSpan.FromSeconds(60));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
