using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrderSystem.ServiceDefaults;

/// <summary>Registers the named rate limiting policies; endpoints opt in, nothing is limited by default.</summary>
internal static class RateLimitingDefaultsExtensions
{
    public static IServiceCollection AddRateLimitingDefaults(this IServiceCollection services)
    {
        services.AddValidatedOptions<OrdersRateLimitOptions>(OrdersRateLimitOptions.SectionName);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            options.AddPolicy(RateLimitPolicies.Orders, httpContext =>
            {
                var settings = httpContext.RequestServices.GetRequiredService<IOptions<OrdersRateLimitOptions>>().Value;
                // A signed-in caller gets one bucket wherever they connect from; anonymous callers one per IP address.
                var client = httpContext.User.FindFirst(OrderSystemClaims.Subject)?.Value is { } subject
                    ? "sub:" + subject
                    : "ip:" + (httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = settings.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    private static ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        RetryLaterProblem.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too Many Requests",
            "Request rate limit exceeded; retry after the time given in the Retry-After header.",
            context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
}
