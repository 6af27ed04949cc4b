using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Order.Persistence;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.EndToEnd;

/// <summary>
/// Every path of the order saga through all four real services (in-process), a real RabbitMQ and real PostgreSQL
/// databases. Timeouts are shortened so the payment-timeout path takes seconds, but not so short that an approved
/// payment on a loaded machine (CI, parallel test classes) loses the race against its own timeout.
/// </summary>
public sealed class FulfilmentTests : IAsyncLifetime
{
    const string Approved = "4242424242424242";
    const string Declined = "4000000000000002";
    const string InsufficientFunds = "4000000000009995";
    const string LateApproval = "4000000000000259";
    SystemUnderTest _system = null!;

    public async ValueTask InitializeAsync() => _system = await SystemUnderTest.Start(new()
    {
        ["Order:Saga:PaymentTimeout"] = "00:00:10",
        ["Payment:DelayedApprovalDelay"] = "00:00:14",
        ["Payment:CapturePollInterval"] = "00:00:00.200",
        ["RateLimiting:Orders:PermitsPerSecond"] = "1000",
        ["RateLimiting:Orders:Burst"] = "1000",
    });

    public ValueTask DisposeAsync() => _system.DisposeAsync();

    static string[] History(JsonElement order) =>
        [.. order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString()!)];

    async Task<string> CreateProduct(int onHand, decimal price = 10m)
    {
        var sku = $"E2E-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var response = await _system.Inventory.PostAsJsonAsync("/products", new { sku, name = "End-to-end widget", unitPrice = price, onHand });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return sku;
    }

    async Task ExpectOneNotification(Guid orderId, string kind)
    {
        await Wait.Until(async () => (await _system.Notifications(orderId)).Count > 0, $"the customer was notified about {orderId}");
        var notifications = await _system.Notifications(orderId);
        notifications.Should().ContainSingle().Which.GetProperty("kind").GetString().Should().Be(kind);
    }

    [Fact]
    public async Task Approved_order_is_confirmed_charged_sold_and_notified()
    {
        var sku = await CreateProduct(onHand: 10, price: 12.50m);
        var orderId = await _system.PlaceOrder(sku, 2, Approved);

        var order = await _system.WaitUntilFinal(orderId);
        order.GetProperty("status").GetString().Should().Be("Confirmed");
        order.GetProperty("total").GetDecimal().Should().Be(25.00m);
        History(order).Should().ContainInOrder("OrderPlaced", "InventoryReserved", "PaymentCaptured", "OrderConfirmed");

        var payment = (await _system.Payments(orderId)).Should().ContainSingle().Subject;
        payment.GetProperty("status").GetString().Should().Be("Captured");
        payment.GetProperty("amount").GetDecimal().Should().Be(25.00m);
        await ExpectOneNotification(orderId, "OrderConfirmed");
        await Wait.Until(async () => (await _system.Product(sku)).GetProperty("reserved").GetInt32() == 0, "the reservation became a sale");
        var product = await _system.Product(sku);
        product.GetProperty("onHand").GetInt32().Should().Be(8);
        product.GetProperty("available").GetInt32().Should().Be(8);

        // The capture cancelled the payment timeout in the saga's transaction: its delayed outbox row is gone, not left to
        // be delivered (4 s after the reservation) and ignored.
        await using var scope = _system.OrderServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var later = DateTime.UtcNow.AddSeconds(1);
        (await db.OutboxTransactions.CountAsync(t => t.AvailableAt > later)).Should().Be(0, "no scheduled timeout is left waiting");
    }

    [Fact]
    public async Task Out_of_stock_order_is_cancelled_with_nothing_to_undo()
    {
        var sku = await CreateProduct(onHand: 1);
        var orderId = await _system.PlaceOrder(sku, 2, Approved);

        var order = await _system.WaitUntilFinal(orderId);
        order.GetProperty("status").GetString().Should().Be("Cancelled");
        order.GetProperty("cancellationReason").GetString().Should().StartWith("Insufficient stock");
        (await _system.Payments(orderId)).Should().BeEmpty();
        await ExpectOneNotification(orderId, "OrderCancelled");
        (await _system.Product(sku)).GetProperty("reserved").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData(Declined)]
    [InlineData(InsufficientFunds)]
    public async Task Declined_payment_releases_the_stock_and_cancels(string card)
    {
        var sku = await CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 3, card);

        var order = await _system.WaitUntilFinal(orderId);
        order.GetProperty("status").GetString().Should().Be("Cancelled");
        order.GetProperty("cancellationReason").GetString().Should().StartWith("Payment declined");
        History(order).Should().ContainInOrder("InventoryReserved", "PaymentDeclined", "InventoryReleased", "OrderCancelled");
        (await _system.Payments(orderId)).Should().ContainSingle().Which.GetProperty("status").GetString().Should().Be("Declined");
        var product = await _system.Product(sku);
        product.GetProperty("reserved").GetInt32().Should().Be(0);
        product.GetProperty("available").GetInt32().Should().Be(5);
        await ExpectOneNotification(orderId, "OrderCancelled");
    }

    [Fact]
    public async Task Payment_timeout_cancels_and_the_late_approval_is_refunded()
    {
        var sku = await CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 1, LateApproval);

        var order = await _system.WaitUntilFinal(orderId);
        order.GetProperty("status").GetString().Should().Be("Cancelled");
        order.GetProperty("cancellationReason").GetString().Should().Be("Payment timed out");
        (await _system.Product(sku)).GetProperty("reserved").GetInt32().Should().Be(0);

        await Wait.Until(async () => (await _system.Payments(orderId)).Any(p => p.GetProperty("status").GetString() == "Refunded"),
            "the payment approved after the timeout was refunded");
        await Wait.Until(async () => History(await _system.GetOrder(orderId)).Contains("PaymentRefunded"), "the refund is on the order's timeline");
        (await _system.GetOrder(orderId)).GetProperty("status").GetString().Should().Be("Cancelled");
        await ExpectOneNotification(orderId, "OrderCancelled");
    }

    [Fact]
    public async Task Customer_cancellation_while_awaiting_payment_releases_and_voids_the_payment()
    {
        var sku = await CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 1, LateApproval);
        await Wait.Until(async () => (await _system.GetOrder(orderId)).GetProperty("status").GetString() == "StockReserved", "stock is reserved");

        var cancel = await _system.Order.PostAsync($"/orders/{orderId}/cancel", null);
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);

        var order = await _system.WaitUntilFinal(orderId);
        order.GetProperty("status").GetString().Should().Be("Cancelled");
        order.GetProperty("cancellationReason").GetString().Should().Be("Cancelled by customer");
        (await _system.Product(sku)).GetProperty("reserved").GetInt32().Should().Be(0);
        // Whatever the timing, the money ends up not taken: voided, declined as cancelled, or refunded.
        await Wait.Until(async () => (await _system.Payments(orderId)).Any(p => p.GetProperty("status").GetString() is "Cancelled" or "Declined" or "Refunded"),
            "the payment is settled without keeping the money");
        (await _system.Payments(orderId)).Should().NotContain(p => p.GetProperty("status").GetString() == "Captured");
        await ExpectOneNotification(orderId, "OrderCancelled");
    }

    [Fact]
    public async Task Repeated_and_racing_cancellations_are_answered_not_failed()
    {
        // A double-clicked cancel, while the saga moves the order on: a cancel that wrote the order's row lost the
        // optimistic-concurrency race against the other requests or the saga and answered 500.
        var sku = await CreateProduct(onHand: 100);
        var orderIds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _system.PlaceOrder(sku, 1, LateApproval)));

        var answers = await Task.WhenAll(orderIds.SelectMany(id => Enumerable.Range(0, 4).Select(_ => _system.Order.PostAsync($"/orders/{id}/cancel", null))));

        answers.Select(a => a.StatusCode).Should().AllSatisfy(s => s.Should().BeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict));
        foreach (var orderId in orderIds)
            (await _system.WaitUntilFinal(orderId)).GetProperty("cancellationReason").GetString().Should().Be("Cancelled by customer");
    }

    [Fact]
    public async Task Cancellation_after_confirmation_is_refused()
    {
        var sku = await CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 1, Approved);
        (await _system.WaitUntilFinal(orderId)).GetProperty("status").GetString().Should().Be("Confirmed");

        var cancel = await _system.Order.PostAsync($"/orders/{orderId}/cancel", null);
        cancel.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await _system.GetOrder(orderId)).GetProperty("status").GetString().Should().Be("Confirmed");
    }

    [Fact]
    public async Task Catalogue_change_reaches_the_order_replica()
    {
        var sku = await CreateProduct(onHand: 50, price: 10m);
        await _system.PlaceOrder(sku, 1, Approved);

        var change = await _system.Inventory.PutAsJsonAsync($"/products/{sku}", new { name = "Repriced widget", unitPrice = 15.25m });
        change.StatusCode.Should().Be(HttpStatusCode.OK, await change.Content.ReadAsStringAsync());

        await Wait.Until(async () =>
        {
            var id = await _system.PlaceOrder(sku, 2, Approved);
            return (await _system.GetOrder(id)).GetProperty("total").GetDecimal() == 30.50m;
        }, "new orders are priced from the updated replica", TimeSpan.FromSeconds(90));
    }
}
