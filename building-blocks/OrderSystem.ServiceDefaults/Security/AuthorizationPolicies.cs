namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Names of the authorization policies every service knows (<c>RequireAuthorization(AuthorizationPolicies.Admin)</c>).
/// An endpoint that names none still needs a signed-in caller: the fallback policy requires one, and only endpoints
/// marked <c>AllowAnonymous</c> (health, metrics, the public catalogue) answer without a token.
/// </summary>
public static class AuthorizationPolicies
{
    /// <summary>A customer acting for themself: role customer or admin, or a machine client with scope <c>orders</c>.</summary>
    public const string Customer = "customer";

    /// <summary>Creates products and changes prices and stock: role admin, or scope <c>catalogue.write</c>.</summary>
    public const string CatalogueWriter = "catalogue-writer";

    /// <summary>The admin tools (<c>/admin/*</c>) and every customer's records: role admin, or scope <c>admin</c>.</summary>
    public const string Admin = "admin";
}
