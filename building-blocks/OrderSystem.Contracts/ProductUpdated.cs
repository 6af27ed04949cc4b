namespace OrderSystem.Contracts;

/// <summary>Catalogue data for one product (event-carried state transfer to Order's replica).</summary>
[EventRoute(Exchanges.Inventory, "inventory.product-updated")]
public sealed record ProductUpdated(
    string Sku,
    string Name,
    decimal UnitPrice,
    long Version,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
