using AwesomeAssertions;
using OrderSystem.Inventory.Domain;

namespace OrderSystem.Tests.Inventory.Domain;

public sealed class ProductTests
{
    static Product Stand(int onHand = 3) => Product.Create("LE-006", "Limited edition stand", 199m, onHand);

    [Fact]
    public void Reserve_holds_units_and_moves_the_version()
    {
        var product = Stand();

        product.Reserve(2);

        product.Reserved.Should().Be(2);
        product.Available.Should().Be(1);
        product.OnHand.Should().Be(3);
        product.Version.Should().Be(2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4)]
    public void Reserve_refuses_non_positive_or_more_than_available(int quantity)
    {
        var product = Stand();

        var act = () => product.Reserve(quantity);

        act.Should().Throw<InvalidOperationException>();
        product.Reserved.Should().Be(0);
        product.Version.Should().Be(1);
    }

    [Fact]
    public void The_last_unit_can_be_reserved_once()
    {
        var product = Stand(onHand: 1);
        product.Reserve(1);

        product.CanReserve(1).Should().BeFalse();
        ((Action)(() => product.Reserve(1))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Release_gives_units_back_but_never_more_than_reserved()
    {
        var product = Stand();
        product.Reserve(2);

        product.Release(2);

        product.Reserved.Should().Be(0);
        product.Available.Should().Be(3);
        ((Action)(() => product.Release(1))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Sell_takes_reserved_units_out_of_stock()
    {
        var product = Stand();
        product.Reserve(2);

        product.Sell(2);

        product.OnHand.Should().Be(1);
        product.Reserved.Should().Be(0);
        product.Sold.Should().Be(2);
        product.Available.Should().Be(1);
    }

    [Fact]
    public void Sell_refuses_units_that_were_not_reserved()
    {
        var product = Stand();
        product.Reserve(1);

        var act = () => product.Sell(2);

        act.Should().Throw<InvalidOperationException>();
        product.OnHand.Should().Be(3);
        product.Sold.Should().Be(0);
    }

    [Fact]
    public void Stock_cannot_be_set_below_the_reserved_units()
    {
        var product = Stand();
        product.Reserve(2);

        product.CanSetOnHand(1).Should().BeFalse();
        ((Action)(() => product.SetOnHand(1))).Should().Throw<InvalidOperationException>();

        product.SetOnHand(2);
        product.OnHand.Should().Be(2);
        product.Available.Should().Be(0);
    }

    [Fact]
    public void Every_change_moves_the_version_forward()
    {
        var product = Stand();
        var versions = new List<long> { product.Version };

        product.Reserve(1); versions.Add(product.Version);
        product.Release(1); versions.Add(product.Version);
        product.Reserve(1); versions.Add(product.Version);
        product.Sell(1); versions.Add(product.Version);
        product.SetOnHand(10); versions.Add(product.Version);
        product.Describe("Stand", 150m); versions.Add(product.Version);

        versions.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }
}
