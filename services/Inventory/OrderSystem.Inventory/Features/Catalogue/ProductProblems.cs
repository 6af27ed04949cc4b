namespace OrderSystem.Inventory.Features.Catalogue;

/// <summary>The problem answers the product endpoints share, so a 404 or a lost race reads the same on each.</summary>
public static class ProductProblems
{
    /// <summary>404 for a SKU with no product (or one no product could have).</summary>
    public static IResult NotFound(string sku) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Product not found", detail: $"No product with SKU '{Printable(sku)}'.");

    /// <summary>409 after <see cref="ProductUpdate.MaxAttempts"/> lost races; <paramref name="whileDoing"/> completes "kept changing while …".</summary>
    public static IResult ConcurrentUpdate(string sku, string whileDoing) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Concurrent update",
            detail: $"'{sku}' kept changing while {whileDoing}; try again.");

    // The SKU comes from the URL: echo it back only if it is harmless and short.
    static string Printable(string sku) => ProductRules.IsValidSku(sku) ? sku : "(invalid)";
}
