using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Inventory.Features.GetProduct;

/// <summary><c>GET /products/{sku}</c>: one product with its stock, or 404.</summary>
public static class GetProduct
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/products/{sku}", Handle)
            .WithName("GetProduct")
            .WithTags("Products")
            .WithSummary("One product with its stock (on hand, reserved, available, sold).")
            .WithParameterExample("sku", "KB-001")
            .Produces<ProductResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowAnonymous();

    static async Task<IResult> Handle(string sku, InventoryDbContext db, CancellationToken ct)
    {
        var product = ProductRules.IsValidSku(sku)
            ? await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku, ct)
            : null;
        return product is null ? ProductProblems.NotFound(sku) : TypedResults.Ok(ProductResponse.From(product));
    }
}
