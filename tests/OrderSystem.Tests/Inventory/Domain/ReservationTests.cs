using AwesomeAssertions;
using OrderSystem.Inventory.Domain;

namespace OrderSystem.Tests.Inventory.Domain;

public sealed class ReservationTests
{
    static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    static Dictionary<string, Product> Catalogue() => new(StringComparer.Ordinal)
    {
        ["KB-001"] = Product.Create("KB-001", "Mechanical keyboard", 89m, 100),
        ["LE-006"] = Product.Create("LE-006", "Limited edition stand", 199m, 3),
    };

    [Fact]
    public void Place_reserves_every_line_and_adds_up_repeated_skus()
    {
        var products = Catalogue();

        var reservation = Reservation.Place(Guid.NewGuid(), [("KB-001", 2), ("LE-006", 1), ("KB-001", 3)], products, Now);

        reservation.Status.Should().Be(ReservationStatus.Reserved);
        reservation.Lines.Should().BeEquivalentTo([new ReservationLine("KB-001", 5), new ReservationLine("LE-006", 1)]);
        products["KB-001"].Reserved.Should().Be(5);
        products["LE-006"].Reserved.Should().Be(1);
    }

    [Fact]
    public void Place_is_all_or_nothing_when_one_line_is_short()
    {
        var products = Catalogue();

        var reservation = Reservation.Place(Guid.NewGuid(), [("KB-001", 2), ("LE-006", 4)], products, Now);

        reservation.Status.Should().Be(ReservationStatus.Rejected);
        reservation.Reason.Should().Contain("LE-006: 4 wanted, 3 available");
        reservation.Lines.Should().BeEmpty();
        products.Values.Should().AllSatisfy(p => p.Reserved.Should().Be(0));
    }

    [Fact]
    public void Place_counts_repeated_lines_together_against_the_stock()
    {
        var products = Catalogue();

        var reservation = Reservation.Place(Guid.NewGuid(), [("LE-006", 2), ("LE-006", 2)], products, Now);

        reservation.Status.Should().Be(ReservationStatus.Rejected);
        products["LE-006"].Reserved.Should().Be(0);
    }

    [Fact]
    public void Place_does_not_wrap_around_on_huge_quantities()
    {
        var products = Catalogue();

        var reservation = Reservation.Place(Guid.NewGuid(), [("KB-001", int.MaxValue), ("KB-001", int.MaxValue), ("KB-001", 3)], products, Now);

        reservation.Status.Should().Be(ReservationStatus.Rejected);
        products["KB-001"].Reserved.Should().Be(0);
    }

    [Theory]
    [InlineData("XX-999", 1, "XX-999: unknown product")]
    [InlineData("KB-001", 0, "quantity that is not positive")]
    [InlineData("KB-001", -2, "quantity that is not positive")]
    [InlineData("", 1, "without a SKU")]
    public void Place_rejects_unknown_products_and_invalid_lines(string sku, int quantity, string reason)
    {
        var products = Catalogue();

        var reservation = Reservation.Place(Guid.NewGuid(), [("LE-006", 1), (sku, quantity)], products, Now);

        reservation.Status.Should().Be(ReservationStatus.Rejected);
        reservation.Reason.Should().Contain(reason);
        products["LE-006"].Reserved.Should().Be(0);
    }

    [Fact]
    public void Place_rejects_an_order_without_lines()
    {
        var reservation = Reservation.Place(Guid.NewGuid(), [], Catalogue(), Now);

        reservation.Status.Should().Be(ReservationStatus.Rejected);
    }

    [Fact]
    public void Release_gives_the_stock_back_once()
    {
        var products = Catalogue();
        var reservation = Reservation.Place(Guid.NewGuid(), [("LE-006", 3)], products, Now);

        reservation.Release(products, "payment declined", Now).Should().Be(ReleaseOutcome.Released);
        reservation.Release(products, "payment declined", Now).Should().Be(ReleaseOutcome.AlreadyReleased);

        reservation.Status.Should().Be(ReservationStatus.Released);
        reservation.Reason.Should().Be("payment declined");
        reservation.IsTombstone.Should().BeFalse();
        products["LE-006"].Reserved.Should().Be(0);
        products["LE-006"].Available.Should().Be(3);
    }

    [Fact]
    public void Sell_turns_the_reservation_into_a_sale_once()
    {
        var products = Catalogue();
        var reservation = Reservation.Place(Guid.NewGuid(), [("LE-006", 2), ("KB-001", 1)], products, Now);

        reservation.Sell(products, Now).Should().Be(SaleOutcome.Sold);
        reservation.Sell(products, Now).Should().Be(SaleOutcome.AlreadySold);

        products["LE-006"].Should().BeEquivalentTo(new { OnHand = 1, Reserved = 0, Sold = 2, Available = 1 });
        products["KB-001"].Should().BeEquivalentTo(new { OnHand = 99, Reserved = 0, Sold = 1 });
    }

    [Fact]
    public void Sold_stock_is_not_released()
    {
        var products = Catalogue();
        var reservation = Reservation.Place(Guid.NewGuid(), [("LE-006", 2)], products, Now);
        reservation.Sell(products, Now);

        reservation.Release(products, "too late", Now).Should().Be(ReleaseOutcome.AlreadySold);

        reservation.Status.Should().Be(ReservationStatus.Sold);
        products["LE-006"].Should().BeEquivalentTo(new { OnHand = 1, Reserved = 0, Sold = 2 });
    }

    [Fact]
    public void Released_or_rejected_stock_cannot_be_sold()
    {
        var products = Catalogue();
        var released = Reservation.Place(Guid.NewGuid(), [("LE-006", 1)], products, Now);
        released.Release(products, "cancelled", Now);
        var rejected = Reservation.Place(Guid.NewGuid(), [("LE-006", 9)], products, Now);

        released.Sell(products, Now).Should().Be(SaleOutcome.NotHeld);
        rejected.Sell(products, Now).Should().Be(SaleOutcome.NotHeld);
        rejected.Release(products, "cancelled", Now).Should().Be(ReleaseOutcome.NothingHeld);
        products["LE-006"].Should().BeEquivalentTo(new { OnHand = 3, Reserved = 0, Sold = 0 });
    }

    [Fact]
    public void A_tombstone_holds_nothing_and_cannot_be_sold()
    {
        var tombstone = Reservation.Tombstone(Guid.NewGuid(), "payment timed out", Now);

        tombstone.IsTombstone.Should().BeTrue();
        tombstone.Status.Should().Be(ReservationStatus.Released);
        tombstone.Release(Catalogue(), "again", Now).Should().Be(ReleaseOutcome.AlreadyReleased);
        tombstone.Sell(Catalogue(), Now).Should().Be(SaleOutcome.NotHeld);
    }

    [Fact]
    public void Reasons_are_cut_to_the_stored_length()
    {
        var tombstone = Reservation.Tombstone(Guid.NewGuid(), new string('x', 2_000), Now);

        tombstone.Reason.Should().HaveLength(Reservation.MaxReasonLength);
    }
}
