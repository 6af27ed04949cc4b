namespace OrderSystem.ServiceDefaults;

/// <summary>Names of the rate limiting policies that services opt into with <c>RequireRateLimiting(...)</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>Per-client token bucket for order placement; configured by <see cref="OrdersRateLimitOptions"/>.</summary>
    public const string Orders = "orders";
}
