namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Names of the ActivitySources and Meters that the service defaults collect. A service creates its own
/// <c>new ActivitySource(TelemetryNames.Prefix + "Order")</c> / <c>new Meter(TelemetryNames.Prefix + "Order")</c>;
/// everything starting with <see cref="Prefix"/> is collected without further registration.
/// </summary>
public static class TelemetryNames
{
    /// <summary>Prefix of every OrderSystem ActivitySource and Meter name: <c>"OrderSystem."</c>.</summary>
    public const string Prefix = "OrderSystem.";

    /// <summary>The wildcard given to <c>AddSource</c> and <c>AddMeter</c>.</summary>
    public const string Wildcard = Prefix + "*";

    /// <summary>MassTransit's ActivitySource and Meter name.</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>Path of the Prometheus scraping endpoint.</summary>
    public const string PrometheusPath = "/metrics";

    /// <summary>Configuration key (environment variable) that switches OTLP export on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Configuration key (environment variable) that overrides the service name given in code.</summary>
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
}
