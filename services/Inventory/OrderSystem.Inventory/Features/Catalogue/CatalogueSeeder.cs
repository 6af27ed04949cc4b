using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;

namespace OrderSystem.Inventory.Features.Catalogue;

/// <summary>
/// Seeds the documented demo catalogue on first start. On every start it publishes the whole catalogue (through the
/// outbox) so Order's replica catches up whichever service started first; replicas ignore versions they already have.
/// Safe with several Inventory instances: a second seeder's insert fails on the primary key and is ignored.
/// </summary>
public sealed class CatalogueSeeder(IServiceScopeFactory scopeFactory, TimeProvider clock, ILogger<CatalogueSeeder> logger) : IHostedService
{
    /// <summary>The demo catalogue (see README): one product has very little stock.</summary>
    public static readonly IReadOnlyList<(string Sku, string Name, decimal UnitPrice, int OnHand)> DemoProducts =
    [
        ("KB-001", "Mechanical keyboard", 89.00m, 100),
        ("MS-002", "Wireless mouse", 29.50m, 200),
        ("MN-003", "27-inch monitor", 279.00m, 40),
        ("HS-004", "Noise-cancelling headset", 149.90m, 60),
        ("CB-005", "USB-C cable", 9.99m, 500),
        ("LE-006", "Limited edition stand", 199.00m, 3),
    ];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var publish = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        if (await db.Products.AnyAsync(cancellationToken))
        {
            foreach (var product in await db.Products.AsNoTracking().ToListAsync(cancellationToken))
                await publish.Publish(new ProductUpdated(product.Sku, product.Name, product.UnitPrice, product.Version, clock.GetUtcNow()), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        foreach (var (sku, name, price, onHand) in DemoProducts)
        {
            var product = Product.Create(sku, name, price, onHand);
            db.Products.Add(product);
            await publish.Publish(new ProductUpdated(sku, name, price, product.Version, clock.GetUtcNow()), cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Seeded the demo catalogue with {Count} products", DemoProducts.Count);
        }
        catch (DbUpdateException)
        {
            logger.LogInformation("Demo catalogue already seeded by another instance");
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
