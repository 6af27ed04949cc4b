using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Order.Domain;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>Saga-side shortcuts for the timeline, resolved from the consume scope.</summary>
static class OrderTimelineExtensions
{
    public static Task UpdateOrder<T>(this BehaviorContext<OrderState, T> context, OrderStatus status, string eventName, string? detail = null)
        where T : class =>
        Timeline(context).Advance(context.Saga.CorrelationId, status, eventName, detail, context.CancellationToken);

    public static Task CancelOrder<T>(this BehaviorContext<OrderState, T> context, string reason)
        where T : class =>
        Timeline(context).Cancel(context.Saga.CorrelationId, context.Saga.CancellationCause, reason, context.CancellationToken);

    public static Task RecordOnOrder<T>(this BehaviorContext<OrderState, T> context, string eventName, string? detail = null)
        where T : class =>
        Timeline(context).Record(context.Saga.CorrelationId, eventName, detail, context.CancellationToken);

    static IOrderTimeline Timeline<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        context.GetPayload<IServiceProvider>().GetRequiredService<IOrderTimeline>();
}
