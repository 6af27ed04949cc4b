namespace OrderSystem.Contracts;

/// <summary>A customer placed an order; lines are priced from Order's catalogue replica.</summary>
[EventRoute(Exchanges.Order, "order.placed")]
public sealed record OrderPlaced(
    Guid OrderId,
    string CustomerId,
    string CustomerEmail,
    IReadOnlyList<OrderLine> Lines,
    decimal Total,
    DateTimeOffset OccurredAt) : IOrderEvent;
