namespace OrderSystem.ServiceDefaults;

/// <summary>The JWT claim names Identity writes and the services read (kept as issued: inbound claim mapping is off).</summary>
public static class OrderSystemClaims
{
    /// <summary>The caller: a user's id, or a machine client's id.</summary>
    public const string Subject = "sub";

    /// <summary>The caller's email address (users, and machine clients that place orders).</summary>
    public const string Email = "email";

    /// <summary>A display name.</summary>
    public const string Name = "name";

    /// <summary>A role, one claim per role.</summary>
    public const string Role = "role";

    /// <summary>The granted scopes, space-separated (RFC 9068).</summary>
    public const string Scope = "scope";
}
