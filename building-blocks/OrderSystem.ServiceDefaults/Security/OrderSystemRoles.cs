namespace OrderSystem.ServiceDefaults;

/// <summary>The roles people have (machines have scopes instead, see <see cref="OrderSystemScopes"/>).</summary>
public static class OrderSystemRoles
{
    /// <summary>Sees and manages everything: every customer's orders, the catalogue, the dead letters.</summary>
    public const string Admin = "admin";

    /// <summary>Places orders and sees only their own orders, payments and notifications.</summary>
    public const string Customer = "customer";
}
