using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Inventory.Features.CreateProduct;

/// <summary><c>POST /products</c>: adds a product and publishes <c>ProductUpdated</c> in the same transaction.</summary>
public static class CreateProduct
{
    /// <summary>The request body.</summary>
    /// <param name="Sku">1-64 characters of A-Z, a-z, 0-9, '-', '_' or '.'.</param>
    /// <param name="Name">1-200 characters, no control characters.</param>
    /// <param name="UnitPrice">0.01 to 1,000,000, at most two decimals.</param>
    /// <param name="OnHand">0 to 1,000,000 units.</param>
    public sealed record Request(string? Sku, string? Name, decimal? UnitPrice, int? OnHand);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/products", Handle)
            .WithName("CreateProduct")
            .WithTags("Products")
            .WithSummary("Adds a product; Order's catalogue replica learns it from ProductUpdated. 409 if the SKU exists.")
            .WithRequestExample(new Request("DL-007", "Desk lamp", 39.90m, 25))
            .Produces<ProductResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthorizationPolicies.CatalogueWriter);

    static async Task<IResult> Handle(Request request, InventoryDbContext db, IPublishEndpoint publish, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var sku = request.Sku!;
        if (await db.Products.AnyAsync(p => p.Sku == sku, ct))
            return Conflict(sku);

        var product = Product.Create(sku, request.Name!.Trim(), request.UnitPrice!.Value, request.OnHand!.Value);
        db.Products.Add(product);
        // Goes to the outbox, not the broker: Order's replica hears of the product only if it was stored.
        await publish.Publish(CatalogueEvents.Updated(product, clock.GetUtcNow()), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            return Conflict(sku); // Created concurrently by another request.
        }

        return TypedResults.Created($"/products/{sku}", ProductResponse.From(product));
    }

    /// <summary>Checks the request; returns errors keyed by the offending field.</summary>
    public static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        ProductRules.CheckSku(request.Sku, errors);
        ProductRules.CheckName(request.Name, errors);
        ProductRules.CheckUnitPrice(request.UnitPrice, errors);
        ProductRules.CheckOnHand(request.OnHand, errors);
        return errors;
    }

    static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Conflict(string sku) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Product exists", detail: $"A product with SKU '{sku}' exists already.");
}
