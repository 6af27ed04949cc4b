namespace OrderSystem.Contracts;

/// <summary>The order's reservation became a sale.</summary>
[EventRoute(Exchanges.Inventory, "inventory.committed")]
public sealed record InventoryCommitted(Guid OrderId, DateTimeOffset OccurredAt) : IOrderEvent;
