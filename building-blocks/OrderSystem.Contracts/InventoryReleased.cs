namespace OrderSystem.Contracts;

/// <summary>The order's reservation was released (or there was none to release).</summary>
[EventRoute(Exchanges.Inventory, "inventory.released")]
public sealed record InventoryReleased(Guid OrderId, DateTimeOffset OccurredAt) : IOrderEvent;
