using MassTransit;
using Microsoft.Extensions.Options;
using OrderSystem.Contracts;
using OrderSystem.Order.Domain;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>
/// Drives an order from placed to Confirmed or Cancelled (diagram: docs/saga.md). Compensation instead of distributed
/// transactions: a failure after stock was reserved releases it, a capture after cancellation is refunded. Every event may
/// arrive twice, late or early: states ignore what no longer matters, and the inbox drops exact duplicates.
/// </summary>
public sealed class OrderStateMachine : MassTransitStateMachine<OrderState>
{
    public OrderStateMachine(IOptions<OrderSagaOptions> options, TimeProvider clock)
    {
        InstanceState(x => x.CurrentState);

        Event(() => StockReserved, ByOrderId);
        Event(() => StockUnavailable, ByOrderId);
        Event(() => StockReleased, ByOrderId);
        Event(() => Captured, ByOrderId);
        Event(() => Declined, ByOrderId);
        Event(() => Refunded, ByOrderId);
        Event(() => CancellationRequested, ByOrderId);
        Schedule(() => PaymentTimeout, x => x.PaymentTimeoutTokenId, s =>
        {
            s.Delay = options.Value.PaymentTimeout;
            s.Received = e => ByOrderId(e, m => m.OrderId);
        });

        During(AwaitingStock,
            When(StockReserved)
                .ThenAsync(c => c.Publish(new PaymentRequestedV2(c.Saga.CorrelationId, c.Saga.CustomerId, c.Saga.Amount, c.Saga.PaymentMethodId,
                    clock.GetUtcNow())))
                .Schedule(PaymentTimeout, c => new PaymentTimedOut(c.Saga.CorrelationId))
                .ThenAsync(c => c.UpdateOrder(OrderStatus.StockReserved, nameof(InventoryReserved)))
                .TransitionTo(AwaitingPayment),
            When(StockUnavailable)
                .Then(c => c.Saga.GiveUp(CancellationCause.OutOfStock, c.Message.Reason))
                .ThenAsync(c => c.UpdateOrder(OrderStatus.Cancelling, nameof(InventoryReservationFailed), c.Message.Reason))
                .ThenAsync(c => FinishCancelled(c, clock))
                .TransitionTo(Cancelled),
            When(CancellationRequested)
                .Then(c => c.Saga.GiveUp(CancellationCause.CustomerRequest, c.Message.Reason))
                .ThenAsync(c => c.UpdateOrder(OrderStatus.Cancelling, nameof(OrderCancellationRequested), c.Message.Reason))
                .ThenAsync(c => ReleaseStock(c, clock))
                .TransitionTo(Compensating));

        During(AwaitingPayment,
            When(Captured)
                .Unschedule(PaymentTimeout)
                .ThenAsync(c => c.UpdateOrder(OrderStatus.PaymentCaptured, nameof(PaymentCaptured)))
                .ThenAsync(c => c.Publish(new OrderConfirmed(c.Saga.CorrelationId, c.Saga.CustomerId, c.Saga.CustomerEmail, c.Saga.Amount, clock.GetUtcNow())))
                .ThenAsync(c => c.UpdateOrder(OrderStatus.Confirmed, nameof(OrderConfirmed)))
                .TransitionTo(Confirmed),
            When(Declined)
                .Unschedule(PaymentTimeout)
                .Then(c => c.Saga.GiveUp(CancellationCause.PaymentDeclined, $"Payment declined: {c.Message.Reason}"))
                .ThenAsync(c => c.UpdateOrder(OrderStatus.Cancelling, nameof(PaymentDeclined), c.Message.Reason))
                .ThenAsync(c => ReleaseStock(c, clock))
                .TransitionTo(Compensating),
            When(PaymentTimeout.Received)
                .Then(c => c.Saga.GiveUp(CancellationCause.PaymentTimedOut, "Payment timed out"))
                .ThenAsync(c => c.UpdateOrder(OrderStatus.Cancelling, nameof(PaymentTimedOut), $"No payment answer within {options.Value.PaymentTimeout}"))
                .ThenAsync(c => ReleaseStock(c, clock))
                .TransitionTo(Compensating),
            When(CancellationRequested)
                .Unschedule(PaymentTimeout)
                .Then(c => c.Saga.GiveUp(CancellationCause.CustomerRequest, c.Message.Reason))
                .ThenAsync(c => c.UpdateOrder(OrderStatus.Cancelling, nameof(OrderCancellationRequested), c.Message.Reason))
                .ThenAsync(c => ReleaseStock(c, clock))
                // The payment request is already out: whatever Payment did or will do with it must be undone.
                .ThenAsync(c => RequestRefund(c, c.Message.Reason, clock))
                .TransitionTo(Compensating));

        During(Compensating,
            When(StockReleased)
                .Then(c => c.Saga.AwaitingStockRelease = false)
                .ThenAsync(c => c.RecordOnOrder(nameof(InventoryReleased)))
                .IfAsync(c => Task.FromResult(!c.Saga.AwaitingRefund), done => done.ThenAsync(c => FinishCancelled(c, clock)).TransitionTo(Cancelled)),
            When(Refunded)
                .Then(c => c.Saga.AwaitingRefund = false)
                .ThenAsync(c => c.RecordOnOrder(nameof(PaymentRefunded), c.Message.Amount > 0 ? $"Refunded {c.Message.Amount}" : "Nothing was charged"))
                .IfAsync(c => Task.FromResult(!c.Saga.AwaitingStockRelease), done => done.ThenAsync(c => FinishCancelled(c, clock)).TransitionTo(Cancelled)),
            When(Captured)
                .Activity(x => x.OfType<RefundLateCaptureActivity>()),
            Ignore(StockReserved), Ignore(StockUnavailable), Ignore(Declined), Ignore(CancellationRequested), Ignore(PaymentTimeout.Received));

        During(Cancelled,
            // Late approval: the order is already cancelled, so the money goes back.
            When(Captured)
                .Activity(x => x.OfType<RefundLateCaptureActivity>()),
            When(Refunded)
                .ThenAsync(c => c.RecordOnOrder(nameof(PaymentRefunded), c.Message.Amount > 0 ? $"Refunded {c.Message.Amount}" : "Nothing was charged")),
            Ignore(StockReserved), Ignore(StockUnavailable), Ignore(StockReleased), Ignore(Declined), Ignore(CancellationRequested),
            Ignore(PaymentTimeout.Received));

        During(Confirmed,
            Ignore(StockReserved), Ignore(StockUnavailable), Ignore(StockReleased), Ignore(Captured), Ignore(Declined), Ignore(Refunded),
            Ignore(CancellationRequested), Ignore(PaymentTimeout.Received));
    }

    /// <summary>Waiting for Inventory's answer.</summary>
    public State AwaitingStock { get; private set; } = null!;

    /// <summary>Stock reserved, waiting for Payment's answer (or the timeout).</summary>
    public State AwaitingPayment { get; private set; } = null!;

    /// <summary>Undoing what was done (release, refund) before cancelling.</summary>
    public State Compensating { get; private set; } = null!;

    /// <summary>Final: confirmed.</summary>
    public State Confirmed { get; private set; } = null!;

    /// <summary>Final: cancelled (late captures are still refunded).</summary>
    public State Cancelled { get; private set; } = null!;

    /// <summary>Inventory reserved every line.</summary>
    public Event<InventoryReserved> StockReserved { get; private set; } = null!;

    /// <summary>Inventory could not reserve the order.</summary>
    public Event<InventoryReservationFailed> StockUnavailable { get; private set; } = null!;

    /// <summary>Inventory released the reservation.</summary>
    public Event<InventoryReleased> StockReleased { get; private set; } = null!;

    /// <summary>Payment captured the amount.</summary>
    public Event<PaymentCaptured> Captured { get; private set; } = null!;

    /// <summary>Payment declined.</summary>
    public Event<PaymentDeclined> Declined { get; private set; } = null!;

    /// <summary>Payment refunded (or confirmed there was nothing to refund).</summary>
    public Event<PaymentRefunded> Refunded { get; private set; } = null!;

    /// <summary>The customer asked to cancel.</summary>
    public Event<OrderCancellationRequested> CancellationRequested { get; private set; } = null!;

    /// <summary>No payment answer in time (durable: a delayed outbox message).</summary>
    public Schedule<OrderState, PaymentTimedOut> PaymentTimeout { get; private set; } = null!;

    static async Task ReleaseStock<T>(BehaviorContext<OrderState, T> context, TimeProvider clock)
        where T : class
    {
        context.Saga.AwaitingStockRelease = true;
        await context.Publish(new StockReleaseRequested(context.Saga.CorrelationId, context.Saga.CancellationReason ?? "Order cancelled", clock.GetUtcNow()));
    }

    // Every message names its order; one for an order with no saga here (never placed, or long gone) is dropped, not faulted.
    static void ByOrderId<T>(IEventCorrelationConfigurator<OrderState, T> correlation)
        where T : class, IOrderEvent => ByOrderId(correlation, m => m.OrderId);

    static void ByOrderId<T>(IEventCorrelationConfigurator<OrderState, T> correlation, Func<T, Guid> orderId)
        where T : class
    {
        correlation.CorrelateById(m => orderId(m.Message));
        correlation.OnMissingInstance(m => m.Discard());
    }

    internal static async Task RequestRefund<T>(BehaviorContext<OrderState, T> context, string reason, TimeProvider clock)
        where T : class
    {
        context.Saga.AwaitingRefund = true;
        context.Saga.RefundRequested = true;
        await context.Publish(new RefundRequested(context.Saga.CorrelationId, reason, clock.GetUtcNow()));
    }

    static async Task FinishCancelled<T>(BehaviorContext<OrderState, T> context, TimeProvider clock)
        where T : class
    {
        var reason = context.Saga.CancellationReason ?? "Order cancelled";
        await context.Publish(new OrderCancelled(context.Saga.CorrelationId, context.Saga.CustomerId, context.Saga.CustomerEmail, reason, clock.GetUtcNow()));
        await context.CancelOrder(reason);
    }
}
