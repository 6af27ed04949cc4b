namespace OrderSystem.ServiceDefaults;

/// <summary>
/// The OAuth scopes and the audience of the OrderSystem APIs. Identity issues them and the services check them, so both
/// read the names from here.
/// </summary>
public static class OrderSystemScopes
{
    /// <summary>The audience (<c>aud</c>) of every access token Identity issues for the OrderSystem APIs.</summary>
    public const string Audience = "ordersystem-api";

    /// <summary>Place, read and cancel one's own orders and see one's own payments and notifications.</summary>
    public const string Orders = "orders";

    /// <summary>Create products and change prices and stock (machine clients; admins have it through their role).</summary>
    public const string CatalogueWrite = "catalogue.write";

    /// <summary>Everything an admin may do: every customer's records and the dead-letter tools (machine clients).</summary>
    public const string Admin = "admin";

    /// <summary>Every API scope, in the order the Swagger UI lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Orders, CatalogueWrite, Admin];
}
