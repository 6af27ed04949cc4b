using System.Text.Json;
using AwesomeAssertions;

namespace OrderSystem.BrowserTests;

/// <summary>Inventory's Swagger UI: the catalogue, and the stock a confirmed order takes.</summary>
public sealed class InventorySwaggerTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Listing_products_shows_the_demo_catalogue_and_the_stock_a_confirmed_order_took()
    {
        var inventory = await SwaggerUi.OpenAsync(Page, System.Service("inventory"));
        var before = await inventory.SendAsync("GET", "/products");
        before.Status.Should().Be(200, before.Body);
        before.Body.Should().ContainAll("KB-001", "LE-006");
        var stockBefore = Product(before, TestProduct.Sku);

        // A second tab, as a person would: Order's Swagger UI.
        var orderPage = await Page.Context.NewPageAsync();
        var order = await SwaggerUi.OpenAsync(orderPage, System.Service("order"));
        await OrderRequests.PlaceConfirmedAsync(order, TestProduct.Sku, quantity: 2);
        await orderPage.CloseAsync();

        // Confirmed means reserved stock is being committed by Inventory: Execute again until it shows.
        await Page.BringToFrontAsync();
        var after = await inventory.SendUntilAsync("GET", "/products", null,
            response => Product(response, TestProduct.Sku).GetProperty("sold").GetInt32() == stockBefore.GetProperty("sold").GetInt32() + 2,
            OrderRequests.FinalWithin, "the two units show as sold");
        var stockAfter = Product(after, TestProduct.Sku);
        stockAfter.GetProperty("onHand").GetInt32().Should().Be(stockBefore.GetProperty("onHand").GetInt32() - 2);
        stockAfter.GetProperty("available").GetInt32().Should().Be(stockBefore.GetProperty("available").GetInt32() - 2);
    }

    static JsonElement Product(SwaggerResponse products, string sku) =>
        products.Json.EnumerateArray().Single(p => p.GetProperty("sku").GetString() == sku);
}
