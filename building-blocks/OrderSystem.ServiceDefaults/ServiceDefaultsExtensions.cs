using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OrderSystem.ServiceDefaults.LoadShedding;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// The one place for what every OrderSystem service shares: telemetry, logging, health, OpenAPI, ProblemDetails,
/// JSON, request limits, token validation with the authorization policies, and rate limiting. A service's Program.cs calls
/// <see cref="AddServiceDefaults{TBuilder}"/> on the builder and <see cref="MapDefaultEndpoints"/> right after <c>Build()</c>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Liveness endpoint: only checks tagged <see cref="HealthCheckTags.Live"/> (the process answers).</summary>
    public const string LivenessPath = OperationalEndpoints.HealthPrefix + "/live";

    /// <summary>Readiness endpoint: every check tagged <see cref="HealthCheckTags.Ready"/> (database, broker, …).</summary>
    public const string ReadinessPath = OperationalEndpoints.HealthPrefix + "/ready";

    /// <summary>
    /// Registers the cross-cutting defaults:
    /// OpenTelemetry (service.name = <paramref name="serviceName"/> unless <c>OTEL_SERVICE_NAME</c> is set; OTLP export when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Prometheus always), console logging with trace ids in scopes,
    /// health checks (a "self" liveness check), Swagger, ProblemDetails, strict JSON, the request body limit
    /// (<c>Http:MaxRequestBodyBytes</c>, default 64 KiB), the <see cref="RateLimitPolicies.Orders"/> rate limiting policy and,
    /// unless <paramref name="validateTokens"/> is false, JWT bearer authentication against Identity
    /// (<see cref="TokenValidationOptions"/>, <c>Identity:Authority</c> is required) with the
    /// <see cref="AuthorizationPolicies"/>; every endpoint then needs a valid token unless it allows anonymous callers.
    /// </summary>
    /// <typeparam name="TBuilder">The host builder, usually <c>WebApplicationBuilder</c>.</typeparam>
    /// <param name="builder">The builder of the service.</param>
    /// <param name="serviceName">The service's name in telemetry and the OpenAPI title, e.g. <c>"order"</c>.</param>
    /// <param name="validateTokens">False only for Identity itself, which issues the tokens instead of validating them.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName, bool validateTokens = true)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        builder.AddLoggingDefaults();
        var identity = builder.AddTelemetryDefaults(serviceName);

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("The process is running."), tags: [HealthCheckTags.Live]);

        builder.Services.AddHttpDefaults();
        builder.Services.AddOpenApiDefaults(identity.ServiceName, validateTokens);
        if (validateTokens)
            builder.Services.AddTokenAuthentication();
        builder.Services.AddRateLimitingDefaults();
        builder.Services.AddValidatedOptions<LoadSheddingOptions>(LoadSheddingOptions.SectionName);
        builder.Services.AddSingleton<LoadSheddingMiddleware.Turns>();
        return builder;
    }

    /// <summary>
    /// Adds the default middleware (exception handler and status code pages writing ProblemDetails, load shedding (503
    /// beyond <see cref="LoadSheddingOptions.MaxConcurrentRequests"/>), authentication,
    /// rate limiter partitioned by caller, Swagger at <c>/swagger</c>, authorization) and maps <see cref="LivenessPath"/>,
    /// <see cref="ReadinessPath"/> and the Prometheus endpoint <c>/metrics</c>, all three open to anonymous callers. Call it
    /// right after <c>builder.Build()</c>, before any middleware of the service, so that exceptions thrown there still
    /// become ProblemDetails.
    /// </summary>
    /// <param name="app">The built application.</param>
    /// <returns>The same application, for chaining.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseHttpDefaults();
        app.UseMiddleware<LoadSheddingMiddleware>();
        // Before the rate limiter, which partitions by the signed-in caller.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseOpenApiDefaults();
        app.UseAuthorization();

        // Probes and scrapers carry no token; both answer without business data.
        app.MapHealthChecks(LivenessPath, CreateHealthOptions(HealthCheckTags.Live)).WithMetadata(ProbeMethods).AllowAnonymous();
        app.MapHealthChecks(ReadinessPath, CreateHealthOptions(HealthCheckTags.Ready)).WithMetadata(ProbeMethods).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(TelemetryNames.PrometheusPath).AllowAnonymous();
        return app;
    }

    private static readonly HttpMethodMetadata ProbeMethods = new([HttpMethods.Get, HttpMethods.Head]);

    private static HealthCheckOptions CreateHealthOptions(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = HealthResponseWriter.WriteAsync,
        // Degraded stays 200 so probes keep the instance in rotation; the body still says "Degraded" to humans.
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}
