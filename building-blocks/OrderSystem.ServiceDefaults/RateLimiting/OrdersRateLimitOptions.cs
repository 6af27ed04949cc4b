using System.ComponentModel.DataAnnotations;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Token bucket of the <see cref="RateLimitPolicies.Orders"/> policy, bound from <c>RateLimiting:Orders</c>.
/// Each signed-in caller (<c>sub</c>) gets its own bucket; anonymous callers get one per IP address.
/// </summary>
public sealed class OrdersRateLimitOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "RateLimiting:Orders";

    /// <summary>Tokens added per second (<c>RateLimiting:Orders:PermitsPerSecond</c>): the sustained request rate.</summary>
    [Range(1, 100_000)]
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>Bucket size (<c>RateLimiting:Orders:Burst</c>): how many requests may arrive at once after a quiet spell.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 40;

    /// <summary>Requests that wait for a token instead of being rejected at once (<c>RateLimiting:Orders:QueueLimit</c>).</summary>
    [Range(0, 10_000)]
    public int QueueLimit { get; set; }
}
