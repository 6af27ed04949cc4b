using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace OrderSystem.ServiceDefaults;

/// <summary>Protects admin endpoints with the shared <c>X-Api-Key</c> header.</summary>
public static class AdminApiKeyExtensions
{
    /// <summary>The request header that carries the admin key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The name of the OpenAPI security scheme that documents the header.</summary>
    public const string SecuritySchemeName = "AdminApiKey";

    /// <summary>
    /// Requires a correct <c>X-Api-Key</c> header (compared in constant time with <c>Admin:ApiKey</c>) on every endpoint of
    /// <paramref name="builder"/>; otherwise the endpoint answers 401 ProblemDetails. Works on a route group
    /// (<c>app.MapGroup("/admin").RequireAdminApiKey()</c>) or a single endpoint, and marks them in the OpenAPI document.
    /// </summary>
    /// <typeparam name="TBuilder">A route group or endpoint convention builder.</typeparam>
    /// <param name="builder">The group or endpoint to protect.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder RequireAdminApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, AdminApiKeyEndpointFilter>();
        builder.WithMetadata(AdminApiKeyMetadata.Instance);
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));
        return builder;
    }
}

/// <summary>Marks an endpoint as protected by the admin key, for the OpenAPI document.</summary>
internal sealed class AdminApiKeyMetadata
{
    public static readonly AdminApiKeyMetadata Instance = new();
}
