namespace OrderSystem.Contracts;

/// <summary>The customer asked to cancel the order.</summary>
[EventRoute(Exchanges.Order, "order.cancellation-requested")]
public sealed record OrderCancellationRequested(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;
