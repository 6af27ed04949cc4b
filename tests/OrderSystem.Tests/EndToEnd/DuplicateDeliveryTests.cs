using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using MessageDuplicator = OrderSystem.FaultInjection.MessageDuplicator;
using OrderSystem.Tests.Support;

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
        var sku = $"DUP-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        (await system.Inventory.PostAsJsonAsync("/products", new { sku, name = "Duplicated widget", unitPrice = 5m, onHand = 10 })).EnsureSuccessStatusCode();

        var confirmed = await system.PlaceOrder(sku, 2, "4242424242424242");
        var declined = await system.PlaceOrder(sku, 1, "4000000000000002");
        var late = await system.PlaceOrder(sku, 1, "4000000000000259");

        (await system.WaitUntilFinal(confirmed)).GetProperty("status").GetString().Should().Be("Confirmed");
        (await system.WaitUntilFinal(declined)).GetProperty("status").GetString().Should().Be("Cancelled");
        (await system.WaitUntilFinal(late)).GetProperty("status").GetString().Should().Be("Cancelled");
        await Wait.Until(async () => (await system.Payments(late)).Any(p => p.GetProperty("status").GetString() == "Refunded"), "the late capture was refunded");
        await Wait.Until(async () => (await system.Product(sku)).GetProperty("reserved").GetInt32() == 0, "inventory is at rest");

        duplicator.Duplicated.Should().BeGreaterThan(20, "every event was really delivered twice");
        foreach (var id in new[] { confirmed, declined, late })
        {
            await Wait.Until(async () => (await system.Notifications(id)).Count > 0, "the customer was notified");
            (await system.Notifications(id)).Should().ContainSingle($"one notification for {id}");
            (await system.Payments(id)).Count(p => p.GetProperty("status").GetString() is "Captured" or "Refunded").Should().BeLessThanOrEqualTo(1);
        }

        (await system.Payments(confirmed)).Should().ContainSingle().Which.GetProperty("status").GetString().Should().Be("Captured");
        var product = await system.Product(sku);
        product.GetProperty("sold").GetInt32().Should().Be(2, "the confirmed order was sold once");
        product.GetProperty("onHand").GetInt32().Should().Be(8);
        product.GetProperty("available").GetInt32().Should().Be(8);
        var order = await system.GetOrder(confirmed);
        order.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("event").GetString() == "OrderConfirmed").Should().Be(1);
    }
}
