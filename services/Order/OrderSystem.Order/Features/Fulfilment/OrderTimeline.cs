using OrderSystem.Contracts;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Persistence;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>
/// Updates <see cref="CustomerOrder"/> through the consume scope's DbContext, so the order row, the saga row, the inbox
/// row and the published events commit in one transaction. Final outcomes are counted after the commit: a saga
/// transaction retried after a concurrency conflict must not count twice.
/// </summary>
public sealed class OrderTimeline(OrderDbContext db, TimeProvider clock) : IOrderTimeline
{
    /// <inheritdoc />
    public async Task Advance(Guid orderId, OrderStatus status, string eventName, string? detail, CancellationToken cancellationToken)
    {
        if (await Find(orderId, cancellationToken) is not { } order)
            return;

        var now = clock.GetUtcNow();
        order.Advance(status, eventName, now, detail);
        if (status == OrderStatus.Confirmed)
            db.AfterCommit(() => OrderTelemetry.Confirmed(now - order.PlacedAt));
    }

    /// <inheritdoc />
    public async Task Cancel(Guid orderId, CancellationCause? cause, string reason, CancellationToken cancellationToken)
    {
        if (await Find(orderId, cancellationToken) is not { } order)
            return;

        var now = clock.GetUtcNow();
        order.Advance(OrderStatus.Cancelled, nameof(OrderCancelled), now, reason);
        db.AfterCommit(() => OrderTelemetry.Cancelled(cause, now - order.PlacedAt));
    }

    /// <inheritdoc />
    public async Task Record(Guid orderId, string eventName, string? detail, CancellationToken cancellationToken) =>
        (await Find(orderId, cancellationToken))?.Record(eventName, clock.GetUtcNow(), detail);

    async Task<CustomerOrder?> Find(Guid orderId, CancellationToken cancellationToken) =>
        await db.Orders.FindAsync([orderId], cancellationToken);
}
