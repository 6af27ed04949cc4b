namespace OrderSystem.Contracts;

/// <summary>All lines of the order are reserved.</summary>
[EventRoute(Exchanges.Inventory, "inventory.reserved")]
public sealed record InventoryReserved(Guid OrderId, DateTimeOffset OccurredAt) : IOrderEvent;
