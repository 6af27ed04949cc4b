using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Inventory.Features.SetStock;

/// <summary>
/// <c>PUT /products/{sku}/stock</c>: sets the units on hand (a stock count). Refused with 409 below the reserved units.
/// A reservation saved concurrently makes the save fail on the product's version; the request is then re-run on fresh state.
/// </summary>
public static class SetStock
{
    /// <summary>How often a request is re-run after losing a concurrency race.</summary>
    public const int MaxAttempts = 5;

    /// <summary>The request body.</summary>
    /// <param name="OnHand">0 to 1,000,000 units, not below the reserved units.</param>
    public sealed record Request(int? OnHand);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/products/{sku}/stock", Handle)
            .WithName("SetStock")
            .WithTags("Products")
            .WithSummary("Sets the units on hand after a stock count; 409 below the units reserved for open orders.")
            .WithParameterExample("sku", "KB-001")
            .WithRequestExample(new Request(100))
            .Produces<ProductResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthorizationPolicies.CatalogueWriter);

    static async Task<IResult> Handle(string sku, Request request, InventoryDbContext db, IPublishEndpoint publish, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (!ProductRules.IsValidSku(sku))
            return GetProduct.GetProduct.NotFound(sku);

        var onHand = request.OnHand!.Value;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var product = await db.Products.SingleOrDefaultAsync(p => p.Sku == sku, ct);
            if (product is null)
                return GetProduct.GetProduct.NotFound(sku);
            if (!product.CanSetOnHand(onHand))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Stock below reserved units",
                    detail: $"{product.Reserved} units of '{sku}' are reserved for open orders; on hand cannot be set to {onHand}.");
            }

            product.SetOnHand(onHand);
            await publish.Publish(CatalogueEvents.Updated(product, clock.GetUtcNow()), ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(ProductResponse.From(product));
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone reserved, released or sold meanwhile: decide again on fresh stock.
            }
            catch (DbUpdateConcurrencyException)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Concurrent update",
                    detail: $"'{sku}' kept changing while the stock was being set; try again.");
            }
        }
    }

    /// <summary>Checks the request; returns errors keyed by the offending field.</summary>
    public static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        ProductRules.CheckOnHand(request.OnHand, errors);
        return errors;
    }
}
