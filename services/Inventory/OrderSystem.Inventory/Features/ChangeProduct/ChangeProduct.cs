using MassTransit;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Inventory.Features.ChangeProduct;

/// <summary>
/// <c>PUT /products/{sku}</c>: changes name and unit price (stock is set with <c>PUT /products/{sku}/stock</c>) and
/// publishes <c>ProductUpdated</c>, so new orders are priced with the new price.
/// </summary>
public static class ChangeProduct
{
    /// <summary>The request body.</summary>
    /// <param name="Name">1-200 characters, no control characters.</param>
    /// <param name="UnitPrice">0.01 to 1,000,000, at most two decimals.</param>
    public sealed record Request(string? Name, decimal? UnitPrice);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/products/{sku}", Handle)
            .WithName("ChangeProduct")
            .WithTags("Products")
            .WithSummary("Changes a product's name and unit price; new orders are priced with the new price.")
            .WithParameterExample("sku", "KB-001")
            .WithRequestExample(new Request("Mechanical keyboard", 89.00m))
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

        // A concurrent stock change only moves the version; the new name and price still apply, on fresh state.
        return await ProductUpdate.Apply(sku, db, publish, clock, product =>
        {
            product.Describe(request.Name!.Trim(), request.UnitPrice!.Value);
            return null;
        }, "it was being updated", ct);
    }

    /// <summary>Checks the request; returns errors keyed by the offending field.</summary>
    public static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        ProductRules.CheckName(request.Name, errors);
        ProductRules.CheckUnitPrice(request.UnitPrice, errors);
        return errors;
    }
}
