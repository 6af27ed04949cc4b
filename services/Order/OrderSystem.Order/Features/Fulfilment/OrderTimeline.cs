using OrderSystem.Order.Domain;
using OrderSystem.Order.Persistence;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>
/// Updates <see cref="CustomerOrder"/> through the consume scope's DbContext, so the order row, the saga row, the inbox
/// row and the published events commit in one transaction.
/// </summary>
public sealed class OrderTimeline(OrderDbContext db, TimeProvider clock) : IOrderTimeline
{
    /// <inheritdoc />
    public async Task Advance(Guid orderId, OrderStatus status, string eventName, string? detail, CancellationToken cancellationToken)
    {
        var order = await db.Orders.FindAsync([orderId], cancellationToken);
        if (order is null)
            return;

        var now = clock.GetUtcNow();
        order.Advance(status, eventName, now, detail);
        // Counted after the commit: a saga transaction retried after a concurrency conflict must not count twice.
        if (status is OrderStatus.Confirmed or OrderStatus.Cancelled)
            db.AfterCommit(() => OrderTelemetry.Finished(status.ToString(), detail, now - order.PlacedAt));
    }

    /// <inheritdoc />
    public async Task Record(Guid orderId, string eventName, string? detail, CancellationToken cancellationToken)
    {
        var order = await db.Orders.FindAsync([orderId], cancellationToken);
        order?.Record(eventName, clock.GetUtcNow(), detail);
    }
}
