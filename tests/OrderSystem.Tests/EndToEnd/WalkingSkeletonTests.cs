using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using OrderSystem.Contracts;
using OrderSystem.Order.Features.PlaceOrder;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.EndToEnd;

/// <summary>The foundation's proof: an order travels from Order's HTTP API through the outbox to Inventory and back.</summary>
public sealed class WalkingSkeletonTests
{
    [Fact]
    public async Task Placed_order_is_reserved_by_inventory_and_the_answer_is_visible_on_the_order()
    {
        await using var system = await SystemUnderTest.StartOrderAndInventory();

        var response = await system.PlaceOrder(new
        {
            items = new[] { new { sku = "KB-001", quantity = 1 } },
            // No Payment here: Order takes any payment method id; Payment checks it when it charges.
            payment = new { paymentMethodId = Guid.NewGuid() },
        });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var orderId = (await response.Content.ReadFromJsonAsync<PlaceOrder.Response>())!.OrderId;
        response.Headers.Location!.ToString().Should().Be($"/orders/{orderId}");

        await Wait.Until(async () => (await system.GetOrder(orderId)).History.Any(h => h.Event == nameof(InventoryReserved)),
            "Inventory's answer reached the order");
        var placed = await system.GetOrder(orderId);
        placed.CustomerId.Should().Be("ada", "the customer is the token's subject");
        placed.CustomerEmail.Should().Be("ada@example.com");
    }
}
