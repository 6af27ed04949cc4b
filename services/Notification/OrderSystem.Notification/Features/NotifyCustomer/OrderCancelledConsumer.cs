using MassTransit;
using OrderSystem.Contracts;

namespace OrderSystem.Notification.Features.NotifyCustomer;

/// <summary>Tells the customer the order was cancelled and why (queue <c>notification.order-cancelled</c>).</summary>
public sealed class OrderCancelledConsumer(OrderOutcomeNotifier notifier) : IConsumer<OrderCancelled>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<OrderCancelled> context) => notifier.Cancelled(context);
}
