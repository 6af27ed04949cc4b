using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrderSystem.ServiceDefaults;

/// <summary>Rejects a request with 401 ProblemDetails unless its <c>X-Api-Key</c> header matches <see cref="AdminOptions.ApiKey"/>.</summary>
internal sealed class AdminApiKeyEndpointFilter(IOptionsMonitor<AdminOptions> options, ILogger<AdminApiKeyEndpointFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var presented = httpContext.Request.Headers[AdminApiKeyExtensions.HeaderName];
        if (presented.Count == 1 && KeysMatch(presented[0], options.CurrentValue.ApiKey))
        {
            return await next(context);
        }

        logger.LogWarning("Admin request {Method} {Path} rejected: {Reason}",
            httpContext.Request.Method, httpContext.Request.Path, presented.Count == 0 ? "no X-Api-Key header" : "wrong X-Api-Key");
        // RFC 9110 requires a challenge with 401.
        httpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AdminApiKeyExtensions.HeaderName}\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: $"A valid {AdminApiKeyExtensions.HeaderName} header is required for admin endpoints.");
    }

    // Hashing first makes both inputs the same length, so the fixed-time comparison leaks neither content nor length.
    private static bool KeysMatch(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expectedHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), presentedHash);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), expectedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }
}
