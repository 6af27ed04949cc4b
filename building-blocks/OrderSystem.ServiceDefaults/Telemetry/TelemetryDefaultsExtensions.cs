using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrderSystem.ServiceDefaults;

/// <summary>OpenTelemetry traces, metrics and logs with OTLP export when configured and a Prometheus endpoint always.</summary>
internal static class TelemetryDefaultsExtensions
{
    public static ServiceIdentity AddTelemetryDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;
        var overriddenName = configuration[TelemetryNames.ServiceNameKey];
        var otlpEndpoint = configuration[TelemetryNames.OtlpEndpointKey];
        var identity = new ServiceIdentity(
            string.IsNullOrWhiteSpace(overriddenName) ? serviceName : overriddenName,
            ReadServiceVersion(),
            Guid.NewGuid().ToString(),
            string.IsNullOrWhiteSpace(otlpEndpoint) ? null : otlpEndpoint);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(identity.ServiceName, serviceVersion: identity.ServiceVersion, serviceInstanceId: identity.InstanceId)
                .AddAttributes(
                [
                    new("deployment.environment", builder.Environment.EnvironmentName),
                    // Newer semantic conventions renamed the attribute; send both so either dashboard finds it.
                    new("deployment.environment.name", builder.Environment.EnvironmentName),
                    new("host.name", Environment.MachineName),
                ]))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new BackgroundPollingSampler()))
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsUntraced(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource(TelemetryNames.MassTransit, TelemetryNames.Wildcard)
                .AddProcessor(new BaggageTagProcessor())
                .AddNpgsql()
                .AddSqlClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNames.MassTransit, TelemetryNames.Wildcard)
                .AddView(HistogramBuckets.View)
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithLogging(configureBuilder: null, configureOptions: options =>
            {
                options.IncludeScopes = true;
                options.IncludeFormattedMessage = true;
            });

        if (identity.OtlpEndpoint is not null)
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL / _HEADERS itself and exports all three signals.
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddSingleton(identity);
        builder.Services.AddHostedService<TelemetryStartupReport>();
        return identity;
    }

    // Probes, scrapes and the docs UI would drown the real traffic in traces.
    private static bool IsUntraced(PathString path) =>
        OperationalEndpoints.IsProbeOrScrape(path) || path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);

    private static string ReadServiceVersion()
    {
        var assembly = Assembly.GetEntryAssembly();
        var informational = assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational ?? assembly?.GetName().Version?.ToString() ?? "0.0.0";
    }
}
