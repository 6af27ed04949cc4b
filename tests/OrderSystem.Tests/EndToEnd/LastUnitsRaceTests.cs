using AwesomeAssertions;
using OrderSystem.Order.Domain;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.EndToEnd;

/// <summary>
/// Many concurrent orders for the last units of a product, through all four services. The payment timeout is generous
/// here so that a slow machine cannot turn "sold out" into "timed out".
/// </summary>
public sealed class LastUnitsRaceTests : IAsyncLifetime
{
    const string Approved = "4242424242424242";
    SystemUnderTest _system = null!;

    public async ValueTask InitializeAsync() => _system = await SystemUnderTest.Start(new()
    {
        ["Order:Saga:PaymentTimeout"] = "00:01:00",
        ["RateLimiting:Orders:PermitsPerSecond"] = "1000",
        ["RateLimiting:Orders:Burst"] = "1000",
    });

    public ValueTask DisposeAsync() => _system.DisposeAsync();

    [Fact]
    public async Task Concurrent_orders_for_the_last_units_never_oversell()
    {
        const int stock = 5;
        const int orders = 20;
        var sku = await _system.CreateProduct(onHand: stock, prefix: "RACE");

        var ids = await Task.WhenAll(Enumerable.Range(0, orders).Select(_ => _system.PlaceOrder(sku, 1, Approved)));
        var finals = await Task.WhenAll(ids.Select(id => _system.WaitUntilFinal(id, TimeSpan.FromSeconds(120))));

        finals.Count(o => o.Status == nameof(OrderStatus.Confirmed)).Should().Be(stock);
        finals.Count(o => o.Status == nameof(OrderStatus.Cancelled)).Should().Be(orders - stock);
        await Wait.Until(async () => (await _system.Product(sku)).Reserved == 0, "every reservation is sold or released");
        var product = await _system.Product(sku);
        product.OnHand.Should().Be(0);
        product.Available.Should().Be(0);
        (product.OnHand + product.Sold).Should().Be(stock);
    }
}
