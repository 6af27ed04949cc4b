using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.ServiceDefaults.Paging;

namespace OrderSystem.Inventory.Features.ListProducts;

/// <summary>
/// <c>GET /products</c>: the catalogue with stock, ordered by SKU; optionally one page of it. Unlike the other lists it
/// answers with the products alone: without page parameters it is the whole catalogue, which clients read as an array.
/// </summary>
public static class ListProducts
{
    /// <summary>A page holds 50 products unless <c>pageSize</c> says otherwise, 500 at most.</summary>
    public static readonly PageLimits Limits = new(50, 500);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/products", Handle)
            .WithName("ListProducts")
            .WithTags("Products")
            .WithSummary("Lists products ordered by SKU (all of them, or one page with ?page=1&pageSize=50).")
            .Produces<IReadOnlyList<ProductResponse>>()
            .ProducesValidationProblem()
            .AllowAnonymous();

    static async Task<IResult> Handle(InventoryDbContext db, CancellationToken ct, string? page = null, string? pageSize = null)
    {
        var paging = Paging(page, pageSize, out var errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        IQueryable<Product> query = db.Products.AsNoTracking().OrderBy(p => p.Sku);
        if (paging is not null)
            query = query.Skip(paging.Skip).Take(paging.PageSize);

        var products = await query.ToListAsync(ct);
        return TypedResults.Ok(products.Select(ProductResponse.From).ToList());
    }

    /// <summary>The page asked for, or null for the whole catalogue; errors are keyed by parameter name.</summary>
    public static PageRequest? Paging(string? page, string? pageSize, out Dictionary<string, string[]> errors)
    {
        errors = [];
        return page is null && pageSize is null ? null : PageRequest.Parse(page, pageSize, Limits, errors);
    }
}
