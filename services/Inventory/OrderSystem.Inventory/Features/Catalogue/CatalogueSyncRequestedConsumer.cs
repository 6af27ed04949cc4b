using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Inventory.Persistence;

namespace OrderSystem.Inventory.Features.Catalogue;

/// <summary>Republishes the whole catalogue when a replica asks for it (queue <c>inventory.catalogue-sync-requested</c>).</summary>
public sealed class CatalogueSyncRequestedConsumer(InventoryDbContext db, TimeProvider clock) : IConsumer<CatalogueSyncRequested>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<CatalogueSyncRequested> context)
    {
        var products = await db.Products.AsNoTracking().ToListAsync(context.CancellationToken);
        foreach (var product in products)
            await context.Publish(new ProductUpdated(product.Sku, product.Name, product.UnitPrice, product.Version, clock.GetUtcNow()));
    }
}
