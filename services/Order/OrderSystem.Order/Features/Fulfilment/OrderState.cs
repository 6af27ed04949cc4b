using MassTransit;
using OrderSystem.Order.Domain;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>
/// The fulfilment saga's state for one order. It is created by <c>POST /orders</c> in the same transaction as the
/// order, so the payment method id need not travel in <c>OrderPlaced</c> (Inventory has no use for it).
/// </summary>
public sealed class OrderState : SagaStateMachineInstance, ISagaVersion
{
    /// <summary>The saga of a just placed <paramref name="order"/>, waiting for Inventory as the state machine's first state.</summary>
    public static OrderState ForPlacedOrder(CustomerOrder order, Guid paymentMethodId) => new()
    {
        CorrelationId = order.Id,
        CurrentState = nameof(OrderStateMachine.AwaitingStock),
        Version = 1,
        CustomerId = order.CustomerId,
        CustomerEmail = order.CustomerEmail,
        Amount = order.Total,
        PaymentMethodId = paymentMethodId,
        PlacedAt = order.PlacedAt,
    };

    public Guid CorrelationId { get; set; }

    /// <summary>Optimistic concurrency token; concurrent events for one order are retried against fresh state.</summary>
    public int Version { get; set; }

    /// <summary>Name of the current state.</summary>
    public string CurrentState { get; set; } = "";

    public string CustomerId { get; set; } = "";

    public string CustomerEmail { get; set; } = "";

    public decimal Amount { get; set; }

    /// <summary>The customer's payment method to charge (an opaque id issued by Payment; Order never sees a card number).</summary>
    public Guid PaymentMethodId { get; set; }

    /// <summary>When the order was placed (saga duration is measured from here).</summary>
    public DateTimeOffset PlacedAt { get; set; }

    /// <summary>Token of the scheduled payment timeout, while one is pending.</summary>
    public Guid? PaymentTimeoutTokenId { get; set; }

    /// <summary>Why the order is being cancelled, in words (it ends up in <c>OrderCancelled</c> and the order's history).</summary>
    public string? CancellationReason { get; set; }

    /// <summary>Why the order is being cancelled, as the metric counts it; null only for sagas older than the column.</summary>
    public CancellationCause? CancellationCause { get; set; }

    /// <summary>Compensation: waiting for Inventory to confirm the release.</summary>
    public bool AwaitingStockRelease { get; set; }

    /// <summary>Compensation: waiting for Payment to confirm the refund.</summary>
    public bool AwaitingRefund { get; set; }

    /// <summary>A refund was requested (so a late capture needs no second request).</summary>
    public bool RefundRequested { get; set; }

    /// <summary>Gives the order up: the transition that decides it says why.</summary>
    public void GiveUp(CancellationCause cause, string reason)
    {
        CancellationCause = cause;
        CancellationReason = reason;
    }
}
