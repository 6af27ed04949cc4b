using System.Net;
using AwesomeAssertions;
using OrderSystem.Contracts;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Features.CancelOrder;
using OrderSystem.Payment.Domain;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Order.Features;

/// <summary>
/// CancelOrder: <c>POST /orders/{id}/cancel</c> through all four services with <see cref="ShortSagaTimeouts"/>: the saga
/// undoes what was done, and a final order cannot be cancelled.
/// </summary>
public sealed class CancelOrderTests(SystemFixture<ShortSagaTimeouts> fixture) : IClassFixture<SystemFixture<ShortSagaTimeouts>>
{
    const string Approved = "4242424242424242";
    const string LateApproval = "4000000000000259";
    readonly SystemUnderTest _system = fixture.System;

    [Fact]
    public async Task Customer_cancellation_while_awaiting_payment_releases_and_voids_the_payment()
    {
        var sku = await _system.CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 1, LateApproval);
        await Wait.Until(async () => (await _system.GetOrder(orderId)).Status == nameof(OrderStatus.StockReserved), "stock is reserved");

        var cancel = await _system.Order.PostAsync($"/orders/{orderId}/cancel", null);
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);

        var order = await _system.WaitUntilFinal(orderId);
        order.Status.Should().Be(nameof(OrderStatus.Cancelled));
        order.CancellationReason.Should().Be(CancelOrder.Reason);
        (await _system.Product(sku)).Reserved.Should().Be(0);
        // Whatever the timing, the money ends up not taken: voided, declined as cancelled, or refunded.
        await Wait.Until(async () => (await _system.Payments(orderId)).Any(p =>
                p.Status is nameof(PaymentStatus.Cancelled) or nameof(PaymentStatus.Declined) or nameof(PaymentStatus.Refunded)),
            "the payment is settled without keeping the money");
        (await _system.Payments(orderId)).Should().NotContain(p => p.Status == nameof(PaymentStatus.Captured));
        (await _system.NotificationsOnceSent(orderId)).Should().ContainSingle().Which.Kind.Should().Be(nameof(OrderCancelled));
    }

    [Fact]
    public async Task Repeated_and_racing_cancellations_are_answered_not_failed()
    {
        // A double-clicked cancel, while the saga moves the order on: a cancel that wrote the order's row lost the
        // optimistic-concurrency race against the other requests or the saga and answered 500.
        var sku = await _system.CreateProduct(onHand: 100);
        var orderIds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _system.PlaceOrder(sku, 1, LateApproval)));

        var answers = await Task.WhenAll(orderIds.SelectMany(id => Enumerable.Range(0, 4).Select(_ => _system.Order.PostAsync($"/orders/{id}/cancel", null))));

        answers.Select(a => a.StatusCode).Should().AllSatisfy(s => s.Should().BeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict));
        foreach (var orderId in orderIds)
            (await _system.WaitUntilFinal(orderId)).CancellationReason.Should().Be(CancelOrder.Reason);
    }

    [Fact]
    public async Task Cancellation_after_confirmation_is_refused()
    {
        var sku = await _system.CreateProduct(onHand: 5);
        var orderId = await _system.PlaceOrder(sku, 1, Approved);
        (await _system.WaitUntilFinal(orderId)).Status.Should().Be(nameof(OrderStatus.Confirmed));

        var cancel = await _system.Order.PostAsync($"/orders/{orderId}/cancel", null);
        cancel.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await _system.GetOrder(orderId)).Status.Should().Be(nameof(OrderStatus.Confirmed));
    }
}
