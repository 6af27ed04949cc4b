using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;

namespace OrderSystem.Inventory.Features.Catalogue;

/// <summary>
/// Changes one product from an endpoint and publishes <c>ProductUpdated</c> with it. The endpoints do not lock the row as
/// the reservation consumers do, so a reservation, sale or edit saved meanwhile fails the save on the product's version:
/// the change is then decided again on fresh state, a few times at most.
/// </summary>
public static class ProductUpdate
{
    /// <summary>How often a request is run before it gives up with 409.</summary>
    public const int MaxAttempts = 5;

    /// <summary>
    /// Loads <paramref name="sku"/>, lets <paramref name="change"/> change it, and saves it with the event; 200 with the
    /// product, 404, or 409 after <see cref="MaxAttempts"/> lost races.
    /// </summary>
    /// <param name="change">Changes the fresh product, or returns the answer that refuses the change (nothing is saved).</param>
    /// <param name="whileDoing">Ends the 409 detail "kept changing while …".</param>
    public static async Task<IResult> Apply(string sku, InventoryDbContext db, IPublishEndpoint publish, TimeProvider clock,
        Func<Product, IResult?> change, string whileDoing, CancellationToken ct)
    {
        if (!ProductRules.IsValidSku(sku))
            return ProductProblems.NotFound(sku);

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var product = await db.Products.SingleOrDefaultAsync(p => p.Sku == sku, ct);
            if (product is null)
                return ProductProblems.NotFound(sku);
            if (change(product) is { } refusal)
                return refusal;

            await publish.Publish(CatalogueEvents.Updated(product, clock.GetUtcNow()), ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(ProductResponse.From(product));
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Lost to a concurrent writer: decide again on what it saved.
            }
            catch (DbUpdateConcurrencyException)
            {
                return ProductProblems.ConcurrentUpdate(sku, whileDoing);
            }
        }
    }
}
