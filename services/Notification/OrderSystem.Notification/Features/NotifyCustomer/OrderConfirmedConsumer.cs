using MassTransit;
using OrderSystem.Contracts;

namespace OrderSystem.Notification.Features.NotifyCustomer;

/// <summary>Tells the customer the order is confirmed (queue <c>notification.order-confirmed</c>).</summary>
public sealed class OrderConfirmedConsumer(OrderOutcomeNotifier notifier) : IConsumer<OrderConfirmed>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<OrderConfirmed> context) => notifier.Confirmed(context);
}
