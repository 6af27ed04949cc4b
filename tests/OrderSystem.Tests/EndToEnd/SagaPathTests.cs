using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Persistence;
using OrderSystem.Payment.Domain;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.EndToEnd;

/// <summary>
/// Every outcome of the order saga through all four real services (in-process), a real RabbitMQ and real PostgreSQL
/// databases, with <see cref="ShortSagaTimeouts"/>. The customer's cancellation is in Order/Features/CancelOrderTests.
/// </summary>
public sealed class SagaPathTests(SystemFixture<ShortSagaTimeouts> fixture) : IClassFixture<SystemFixture<ShortSagaTimeouts>>
{
    const string Approved = "4242424242424242";
    const string Declined = "4000000000000002";
    const string InsufficientFunds = "4000000000009995";
    const string LateApproval = "4000000000000259";
    readonly SystemUnderTest _system = fixture.System;

    async Task ExpectOneNotification(Guid orderId, string kind) =>
        (await _system.NotificationsOnceSent(orderId)).Should().ContainSingle().Which.Kind.Should().Be(kind);

    [Fact]
    public async Task Approved_order_is_confirmed_charged_sold_and_notified()
    {
        var sku = await _system.CreateProduct(onHand: 10, price: 12.50m);
        var orderId = await _system.PlaceOrder(sku, 2, Approved);

        var order = await _system.WaitUntilFinal(orderId);
        order.Status.Should().Be(nameof(OrderStatus.Confirmed));
        order.Total.Should().Be(25.00m);
        order.History.Select(h => h.Event).Should().ContainInOrder(
            nameof(OrderPlaced), nameof(InventoryReserved), nameof(PaymentCaptured), nameof(OrderConfirmed));

        var payment = (await _system.Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be(nameof(PaymentStatus.Captured));
        payment.Amount.Should().Be(25.00m);
        await ExpectOneNotification(orderId, nameof(OrderConfirmed));
        await Wait.Until(async () => (await _system.Product(sku)).Reserved == 0, "the reservation became a sale");
        var product = await _system.Product(sku);
        product.OnHand.Should().Be(8);
        product.Available.Should().Be(8);

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
        var sku = await _system.CreateProduct(onHand: 1);
        var orderId = await _system.PlaceOrder(sku, 2, Approved);

        var order = await _system.WaitUntilFinal(orderId);
        order.Status.Should().Be(nameof(OrderStatus.Cancelled));
        order.CancellationReason.Should().StartWith("Insufficient stock");
        (await _system.Payments(orderId)).Should().BeEmpty();
        await ExpectOneNotification(orderId, nameof(OrderCancelled));
        (await _system.Product(sku)).Reserved.Should().Be(0);
    }

    [Theory]
    [InlineData(Declined)]
    [InlineData(InsufficientFunds)]
    public async Task Declined_payment_releases_the_stock_and_cancels(string card)
    {
        var sku = await _system.CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 3, card);

        var order = await _system.WaitUntilFinal(orderId);
        order.Status.Should().Be(nameof(OrderStatus.Cancelled));
        order.CancellationReason.Should().StartWith("Payment declined");
        order.History.Select(h => h.Event).Should().ContainInOrder(
            nameof(InventoryReserved), nameof(PaymentDeclined), nameof(InventoryReleased), nameof(OrderCancelled));
        (await _system.Payments(orderId)).Should().ContainSingle().Which.Status.Should().Be(nameof(PaymentStatus.Declined));
        var product = await _system.Product(sku);
        product.Reserved.Should().Be(0);
        product.Available.Should().Be(5);
        await ExpectOneNotification(orderId, nameof(OrderCancelled));
    }

    [Fact]
    public async Task Payment_timeout_cancels_and_the_late_approval_is_refunded()
    {
        var sku = await _system.CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 1, LateApproval);

        var order = await _system.WaitUntilFinal(orderId);
        order.Status.Should().Be(nameof(OrderStatus.Cancelled));
        order.CancellationReason.Should().Be("Payment timed out");
        (await _system.Product(sku)).Reserved.Should().Be(0);

        await Wait.Until(async () => (await _system.Payments(orderId)).Any(p => p.Status == nameof(PaymentStatus.Refunded)),
            "the payment approved after the timeout was refunded");
        await Wait.Until(async () => (await _system.GetOrder(orderId)).History.Any(h => h.Event == nameof(PaymentRefunded)),
            "the refund is on the order's timeline");
        (await _system.GetOrder(orderId)).Status.Should().Be(nameof(OrderStatus.Cancelled));
        await ExpectOneNotification(orderId, nameof(OrderCancelled));
    }
}
