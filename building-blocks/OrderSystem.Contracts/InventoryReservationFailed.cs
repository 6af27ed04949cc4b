namespace OrderSystem.Contracts;

/// <summary>At least one line could not be reserved; nothing was reserved.</summary>
[EventRoute(Exchanges.Inventory, "inventory.reservation-failed")]
public sealed record InventoryReservationFailed(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;
