namespace OrderSystem.Contracts;

/// <summary>Catalogue data for one product (event-carried state transfer to Order's replica).</summary>
[EventRoute(Exchanges.Inventory, "inventory.product-updated")]
public sealed record ProductUpdated(
    string Sku,
    string Name,
    decimal UnitPrice,
    long Version,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>All lines of the order are reserved.</summary>
[EventRoute(Exchanges.Inventory, "inventory.reserved")]
public sealed record InventoryReserved(Guid OrderId, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>At least one line could not be reserved; nothing was reserved.</summary>
[EventRoute(Exchanges.Inventory, "inventory.reservation-failed")]
public sealed record InventoryReservationFailed(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The order's reservation was released (or there was none to release).</summary>
[EventRoute(Exchanges.Inventory, "inventory.released")]
public sealed record InventoryReleased(Guid OrderId, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The order's reservation became a sale.</summary>
[EventRoute(Exchanges.Inventory, "inventory.committed")]
public sealed record InventoryCommitted(Guid OrderId, DateTimeOffset OccurredAt) : IOrderEvent;
