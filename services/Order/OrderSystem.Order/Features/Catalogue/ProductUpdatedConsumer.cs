using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Persistence;

namespace OrderSystem.Order.Features.Catalogue;

/// <summary>Keeps Order's priced catalogue replica in step with Inventory (queue <c>order.product-updated</c>).</summary>
public sealed class ProductUpdatedConsumer(OrderDbContext db) : IConsumer<ProductUpdated>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ProductUpdated> context)
    {
        var product = context.Message;
        var item = await db.Catalogue.SingleOrDefaultAsync(c => c.Sku == product.Sku, context.CancellationToken);
        if (item is null)
        {
            db.Catalogue.Add(new CatalogueItem { Sku = product.Sku, Name = product.Name, UnitPrice = product.UnitPrice, Version = product.Version });
            return;
        }

        // Events may arrive out of order: an older version never overwrites a newer one.
        if (product.Version <= item.Version)
            return;

        item.Name = product.Name;
        item.UnitPrice = product.UnitPrice;
        item.Version = product.Version;
    }
}
