using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Inventory.Features.ListProducts;

/// <summary><c>GET /products</c>: the catalogue with stock, ordered by SKU; optionally one page of it.</summary>
public static class ListProducts
{
    /// <summary>Largest page.</summary>
    public const int MaxPageSize = 500;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/products", Handle)
            .WithName("ListProducts")
            .WithTags("Products")
            .WithSummary("Lists products ordered by SKU (all of them, or one page with ?page=1&pageSize=50).")
            .Produces<IReadOnlyList<ProductResponse>>()
            .ProducesValidationProblem()
            .AllowAnonymous();

    static async Task<IResult> Handle(InventoryDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = ValidatePaging(page, pageSize);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        IQueryable<Domain.Product> query = db.Products.AsNoTracking().OrderBy(p => p.Sku);
        if (page is not null || pageSize is not null)
        {
            var size = pageSize ?? 50;
            query = query.Skip(((page ?? 1) - 1) * size).Take(size);
        }

        var products = await query.ToListAsync(ct);
        return TypedResults.Ok(products.Select(ProductResponse.From).ToList());
    }

    /// <summary>Checks the optional paging parameters; errors are keyed by parameter name.</summary>
    public static Dictionary<string, string[]> ValidatePaging(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > 100_000)
            errors["page"] = ["Must be between 1 and 100000."];
        if (pageSize is < 1 or > MaxPageSize)
            errors["pageSize"] = [$"Must be between 1 and {MaxPageSize}."];
        return errors;
    }
}
