using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using OrderSystem.Inventory.Features.ChangeProduct;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Order.Features;

/// <summary>Catalogue: Order's replica of Inventory's catalogue follows Inventory's <c>ProductUpdated</c> events.</summary>
public sealed class CatalogueTests(SystemFixture<ShortSagaTimeouts> fixture) : IClassFixture<SystemFixture<ShortSagaTimeouts>>
{
    readonly SystemUnderTest _system = fixture.System;

    [Fact]
    public async Task Catalogue_change_reaches_the_order_replica()
    {
        const string approved = "4242424242424242";
        var sku = await _system.CreateProduct(onHand: 50, price: 10m);
        await _system.PlaceOrder(sku, 1, approved);

        var change = await _system.Inventory.PutAsJsonAsync($"/products/{sku}", new ChangeProduct.Request("Repriced widget", 15.25m));
        change.StatusCode.Should().Be(HttpStatusCode.OK, await change.Content.ReadAsStringAsync());

        await Wait.Until(async () =>
        {
            var id = await _system.PlaceOrder(sku, 2, approved);
            return (await _system.GetOrder(id)).Total == 30.50m;
        }, "new orders are priced from the updated replica", TimeSpan.FromSeconds(90));
    }
}
