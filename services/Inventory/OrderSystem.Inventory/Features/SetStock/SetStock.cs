using MassTransit;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Inventory.Features.SetStock;

/// <summary>
/// <c>PUT /products/{sku}/stock</c>: sets the units on hand (a stock count). Refused with 409 below the reserved units.
/// A reservation saved concurrently is handled by <see cref="ProductUpdate"/>: the count is checked again on fresh stock.
/// </summary>
public static class SetStock
{
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

        var onHand = request.OnHand!.Value;
        return await ProductUpdate.Apply(sku, db, publish, clock, product =>
        {
            if (product.CanSetOnHand(onHand))
            {
                product.SetOnHand(onHand);
                return null;
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Stock below reserved units",
                detail: $"{product.Reserved} units of '{sku}' are reserved for open orders; on hand cannot be set to {onHand}.");
        }, "the stock was being set", ct);
    }

    /// <summary>Checks the request; returns errors keyed by the offending field.</summary>
    public static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        ProductRules.CheckOnHand(request.OnHand, errors);
        return errors;
    }
}
