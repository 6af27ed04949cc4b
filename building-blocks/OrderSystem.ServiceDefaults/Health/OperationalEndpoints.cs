using Microsoft.AspNetCore.Http;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// The endpoints that operators' tools call (health probes and the Prometheus scrape). They are anonymous, never traced
/// and never shed by load shedding: an overloaded service is exactly when they are wanted.
/// </summary>
static class OperationalEndpoints
{
    /// <summary>Prefix of <see cref="ServiceDefaultsExtensions.LivenessPath"/> and <see cref="ServiceDefaultsExtensions.ReadinessPath"/>.</summary>
    public const string HealthPrefix = "/health";

    public static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments(HealthPrefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(TelemetryNames.PrometheusPath, StringComparison.OrdinalIgnoreCase);
}
