using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderSystem.ServiceDefaults;

/// <summary>Says once, at start-up, where this service's telemetry goes, so nobody hunts for traces that are not exported.</summary>
internal sealed class TelemetryStartupReport(ServiceIdentity identity, ILogger<TelemetryStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (identity.OtlpEndpoint is null)
        {
            logger.LogInformation(
                "Telemetry for {ServiceName} {ServiceVersion}: console only; set OTEL_EXPORTER_OTLP_ENDPOINT to export. Prometheus metrics at {PrometheusPath}",
                identity.ServiceName, identity.ServiceVersion, TelemetryNames.PrometheusPath);
        }
        else
        {
            logger.LogInformation(
                "Telemetry for {ServiceName} {ServiceVersion}: traces, metrics and logs exported by OTLP to {OtlpEndpoint}. Prometheus metrics at {PrometheusPath}",
                identity.ServiceName, identity.ServiceVersion, identity.OtlpEndpoint, TelemetryNames.PrometheusPath);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
