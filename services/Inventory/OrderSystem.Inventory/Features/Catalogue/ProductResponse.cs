using OrderSystem.Contracts;
using OrderSystem.Inventory.Domain;

namespace OrderSystem.Inventory.Features.Catalogue;

/// <summary>A product as returned by every catalogue endpoint.</summary>
/// <param name="Sku">Stock keeping unit.</param>
/// <param name="Name">Display name.</param>
/// <param name="UnitPrice">Current unit price.</param>
/// <param name="OnHand">Units in stock, reserved ones included.</param>
/// <param name="Reserved">Units held for orders not yet final.</param>
/// <param name="Available">Units that can still be ordered (<c>onHand − reserved</c>).</param>
/// <param name="Sold">Units sold since the product was created (they have left <c>onHand</c>).</param>
/// <param name="Version">Increases with every change; the version carried by <c>ProductUpdated</c>.</param>
public sealed record ProductResponse(string Sku, string Name, decimal UnitPrice, int OnHand, int Reserved, int Available, int Sold, long Version)
{
    public static ProductResponse From(Product product) => new(
        product.Sku, product.Name, product.UnitPrice, product.OnHand, product.Reserved, product.Available, product.Sold, product.Version);
}
