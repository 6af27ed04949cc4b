namespace OrderSystem.Inventory.Features.Catalogue;

/// <summary>Validation rules for catalogue input, shared by the endpoints; each error is keyed by the JSON field name.</summary>
public static class ProductRules
{
    /// <summary>Longest SKU.</summary>
    public const int MaxSkuLength = 64;

    /// <summary>Longest product name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Lowest unit price.</summary>
    public const decimal MinUnitPrice = 0.01m;

    /// <summary>Highest unit price.</summary>
    public const decimal MaxUnitPrice = 1_000_000m;

    /// <summary>Most units on hand.</summary>
    public const int MaxOnHand = 1_000_000;

    /// <summary>True for 1-64 characters of A-Z, a-z, 0-9, '-', '_' and '.'.</summary>
    public static bool IsValidSku(string? sku) =>
        !string.IsNullOrEmpty(sku) && sku.Length <= MaxSkuLength && sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Adds an error under <c>sku</c> unless the SKU is valid.</summary>
    public static void CheckSku(string? sku, Dictionary<string, string[]> errors)
    {
        if (!IsValidSku(sku))
            errors["sku"] = [$"Required: 1-{MaxSkuLength} characters of A-Z, a-z, 0-9, '-', '_' or '.'."];
    }

    /// <summary>Adds an error under <c>name</c> unless the name is 1-200 characters of printable text, not only spaces.</summary>
    public static void CheckName(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
            errors["name"] = ["Required."];
        else if (name.Trim().Length > MaxNameLength)
            errors["name"] = [$"At most {MaxNameLength} characters."];
        else if (!IsPrintableText(name))
            errors["name"] = ["Control characters and broken Unicode (unpaired surrogates) are not allowed."];
    }

    /// <summary>Adds an error under <c>unitPrice</c> unless it is between 0.01 and 1,000,000 with at most two decimals.</summary>
    public static void CheckUnitPrice(decimal? unitPrice, Dictionary<string, string[]> errors)
    {
        if (unitPrice is not { } price)
            errors["unitPrice"] = ["Required."];
        else if (price is < MinUnitPrice or > MaxUnitPrice)
            errors["unitPrice"] = [$"Must be between {MinUnitPrice} and {MaxUnitPrice:0}."];
        else if (decimal.Round(price, 2) != price)
            errors["unitPrice"] = ["At most two decimals."];
    }

    /// <summary>Adds an error under <c>onHand</c> unless it is between 0 and 1,000,000.</summary>
    public static void CheckOnHand(int? onHand, Dictionary<string, string[]> errors)
    {
        if (onHand is not { } units)
            errors["onHand"] = ["Required."];
        else if (units is < 0 or > MaxOnHand)
            errors["onHand"] = [$"Must be between 0 and {MaxOnHand}."];
    }

    // Databases reject (PostgreSQL) or mangle (SQL Server) NUL and lone surrogates; refuse them up front as a 400.
    static bool IsPrintableText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
                return false;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return false;
        }

        return true;
    }
}
