namespace OrderSystem.Contracts;

/// <summary>The order is final and cancelled; everything done before was undone.</summary>
[EventRoute(Exchanges.Order, "order.cancelled")]
public sealed record OrderCancelled(
    Guid OrderId,
    string CustomerId,
    string CustomerEmail,
    string Reason,
    DateTimeOffset OccurredAt) : IOrderEvent;
