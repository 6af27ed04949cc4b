namespace OrderSystem.Order.Domain;

/// <summary>
/// Order's own copy of a product's catalogue data, kept up to date from Inventory's <c>ProductUpdated</c> events
/// (event-carried state transfer: no HTTP call to Inventory when pricing an order).
/// </summary>
public sealed class CatalogueItem
{
    public string Sku { get; set; } = "";

    /// <summary>Product name.</summary>
    public string Name { get; set; } = "";

    public decimal UnitPrice { get; set; }

    /// <summary>Inventory's version of the product; older events are ignored.</summary>
    public long Version { get; set; }
}
