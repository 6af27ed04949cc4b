using AwesomeAssertions;
using OrderSystem.Contracts;
using OrderSystem.Order.Domain;
using OrderSystem.Payment.Domain;
using OrderSystem.Tests.Hosts;
using OrderSystem.Tests.Support;
using MessageDuplicator = OrderSystem.FaultInjection.MessageDuplicator;

namespace OrderSystem.Tests.EndToEnd;

/// <summary>Every integration event delivered twice changes nothing: one capture, one sale, one notification per order.</summary>
public sealed class DuplicateDeliveryTests
{
    [Fact]
    public async Task Every_event_delivered_twice_changes_nothing()
    {
        await using var system = await SystemUnderTest.Start(new()
        {
            // Long enough that the approved order's capture beats its timeout on a loaded machine.
            ["Order:Saga:PaymentTimeout"] = "00:00:08",
            ["Payment:DelayedApprovalDelay"] = "00:00:11",
            ["Payment:CapturePollInterval"] = "00:00:00.200",
        });
        await using var duplicator = await MessageDuplicator.Start(await RealInfrastructure.ConnectAsAdministrator(system.VirtualHost));
        var sku = await system.CreateProduct(onHand: 10, price: 5m, prefix: "DUP");

        var confirmed = await system.PlaceOrder(sku, 2, "4242424242424242");
        var declined = await system.PlaceOrder(sku, 1, "4000000000000002");
        var late = await system.PlaceOrder(sku, 1, "4000000000000259");

        (await system.WaitUntilFinal(confirmed)).Status.Should().Be(nameof(OrderStatus.Confirmed));
        (await system.WaitUntilFinal(declined)).Status.Should().Be(nameof(OrderStatus.Cancelled));
        (await system.WaitUntilFinal(late)).Status.Should().Be(nameof(OrderStatus.Cancelled));
        await Wait.Until(async () => (await system.Payments(late)).Any(p => p.Status == nameof(PaymentStatus.Refunded)), "the late capture was refunded");
        await Wait.Until(async () => (await system.Product(sku)).Reserved == 0, "inventory is at rest");

        duplicator.Duplicated.Should().BeGreaterThan(20, "every event was really delivered twice");
        foreach (var id in new[] { confirmed, declined, late })
        {
            await system.NotificationsOnceSent(id);
            (await system.Notifications(id)).Should().ContainSingle($"one notification for {id}");
            (await system.Payments(id)).Count(p => p.Status is nameof(PaymentStatus.Captured) or nameof(PaymentStatus.Refunded)).Should().BeLessThanOrEqualTo(1);
        }

        (await system.Payments(confirmed)).Should().ContainSingle().Which.Status.Should().Be(nameof(PaymentStatus.Captured));
        var product = await system.Product(sku);
        product.Sold.Should().Be(2, "the confirmed order was sold once");
        product.OnHand.Should().Be(8);
        product.Available.Should().Be(8);
        var order = await system.GetOrder(confirmed);
        order.History.Count(h => h.Event == nameof(OrderConfirmed)).Should().Be(1);
    }
}
