using OrderSystem.Contracts;
using OrderSystem.Inventory.Domain;

namespace OrderSystem.Inventory.Features.Catalogue;

/// <summary>Builds the catalogue events Order's replica follows.</summary>
public static class CatalogueEvents
{
    /// <summary>The product's catalogue data as of now; publish it through the outbox with the change itself.</summary>
    public static ProductUpdated Updated(Product product, DateTimeOffset now) =>
        new(product.Sku, product.Name, product.UnitPrice, product.Version, now);
}
