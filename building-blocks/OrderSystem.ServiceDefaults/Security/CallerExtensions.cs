using System.Security.Claims;

namespace OrderSystem.ServiceDefaults;

/// <summary>What the endpoints ask of the signed-in caller.</summary>
public static class CallerExtensions
{
    /// <summary>The caller's id (<c>sub</c>): the customer id of the orders they place.</summary>
    /// <exception cref="InvalidOperationException">The principal has no subject (the endpoint let an anonymous caller in).</exception>
    public static string CustomerId(this ClaimsPrincipal caller) =>
        caller.FindFirst(OrderSystemClaims.Subject)?.Value
        ?? throw new InvalidOperationException("The caller has no 'sub' claim: the endpoint must require an authenticated caller.");

    /// <summary>The caller's email address, or null when the token carries none.</summary>
    public static string? Email(this ClaimsPrincipal caller) => caller.FindFirst(OrderSystemClaims.Email)?.Value;

    /// <summary>True when the token grants <paramref name="scope"/> (the <c>scope</c> claim is space-separated).</summary>
    public static bool HasGrantedScope(this ClaimsPrincipal caller, string scope) =>
        caller.FindAll(OrderSystemClaims.Scope).Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));

    /// <summary>True for an admin (role) or a machine client with scope <c>admin</c>: they see every customer's records.</summary>
    public static bool SeesEveryCustomer(this ClaimsPrincipal caller) =>
        caller.IsInRole(OrderSystemRoles.Admin) || caller.HasGrantedScope(OrderSystemScopes.Admin);

    /// <summary>True when a record of <paramref name="customerId"/> may be shown to the caller (their own, or they see all).</summary>
    public static bool MaySee(this ClaimsPrincipal caller, string customerId) =>
        caller.SeesEveryCustomer() || string.Equals(caller.FindFirst(OrderSystemClaims.Subject)?.Value, customerId, StringComparison.Ordinal);
}
