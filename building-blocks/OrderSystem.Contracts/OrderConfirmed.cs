namespace OrderSystem.Contracts;

/// <summary>The order is final and successful: stock sold, payment captured.</summary>
[EventRoute(Exchanges.Order, "order.confirmed")]
public sealed record OrderConfirmed(
    Guid OrderId,
    string CustomerId,
    string CustomerEmail,
    decimal Total,
    DateTimeOffset OccurredAt) : IOrderEvent;
