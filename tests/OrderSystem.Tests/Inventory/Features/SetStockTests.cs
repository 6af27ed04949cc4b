using AwesomeAssertions;
using OrderSystem.Inventory.Features.SetStock;

namespace OrderSystem.Tests.Inventory.Features;

/// <summary><c>PUT /products/{sku}/stock</c>: the stock's bounds. (Below the reserved units: Domain/ProductTests.)</summary>
public sealed class SetStockTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public void Stock_bounds_are_inclusive(int onHand) =>
        SetStock.Validate(new SetStock.Request(onHand)).Should().BeEmpty();
}
