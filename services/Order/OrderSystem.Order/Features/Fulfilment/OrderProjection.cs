using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Persistence;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>What the saga tells the customer-facing order: status changes and timeline entries.</summary>
public interface IOrderTimeline
{
    /// <summary>Moves the order to <paramref name="status"/> and records the event.</summary>
    Task Advance(Guid orderId, OrderStatus status, string eventName, string? detail, CancellationToken cancellationToken);

    /// <summary>Records an event without changing the status.</summary>
    Task Record(Guid orderId, string eventName, string? detail, CancellationToken cancellationToken);
}

/// <summary>
/// Updates <see cref="Domain.Order"/> through the consume scope's DbContext, so the order row, the saga row, the inbox
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

/// <summary>Saga-side shortcuts for the timeline, resolved from the consume scope.</summary>
static class OrderTimelineExtensions
{
    public static Task UpdateOrder<T>(this BehaviorContext<OrderState, T> context, OrderStatus status, string eventName, string? detail = null)
        where T : class =>
        Timeline(context).Advance(context.Saga.CorrelationId, status, eventName, detail, context.CancellationToken);

    public static Task RecordOnOrder<T>(this BehaviorContext<OrderState, T> context, string eventName, string? detail = null)
        where T : class =>
        Timeline(context).Record(context.Saga.CorrelationId, eventName, detail, context.CancellationToken);

    static IOrderTimeline Timeline<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        context.GetPayload<IServiceProvider>().GetRequiredService<IOrderTimeline>();
}
