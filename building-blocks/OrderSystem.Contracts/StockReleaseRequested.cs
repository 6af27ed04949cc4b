namespace OrderSystem.Contracts;

/// <summary>The saga asks Inventory to release the order's reservation (compensation).</summary>
[EventRoute(Exchanges.Order, "order.stock-release-requested")]
public sealed record StockReleaseRequested(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;
