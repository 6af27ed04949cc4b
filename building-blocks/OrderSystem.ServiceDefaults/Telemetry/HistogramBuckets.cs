using OpenTelemetry.Metrics;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Bucket boundaries for OrderSystem's histograms in seconds. The SDK's default boundaries (0, 5, 10, 25, … 10000) are
/// shaped for milliseconds; a saga or a relay publish in seconds would land entirely in the first bucket and every
/// percentile on the dashboard would be a guess between 0 and 5 s.
/// </summary>
public static class HistogramBuckets
{
    /// <summary>From 1 ms to 2 minutes: relay publishes and consumers (milliseconds) up to sagas that wait for timeouts.</summary>
    public static readonly double[] Seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30, 60, 120];

    /// <summary>
    /// A metric view: <see cref="Seconds"/> for every histogram of an <c>OrderSystem.*</c> meter whose unit is <c>s</c>;
    /// other instruments (ASP.NET Core's, MassTransit's) keep their own boundaries.
    /// </summary>
    /// <param name="instrument">The instrument the SDK asks about.</param>
    public static MetricStreamConfiguration? View(System.Diagnostics.Metrics.Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.Meter.Name.StartsWith(TelemetryNames.Prefix, StringComparison.Ordinal)
            && instrument.Unit == "s"
            && instrument is System.Diagnostics.Metrics.Histogram<double> or System.Diagnostics.Metrics.Histogram<long>
            ? new ExplicitBucketHistogramConfiguration { Boundaries = Seconds }
            : null;
    }
}
