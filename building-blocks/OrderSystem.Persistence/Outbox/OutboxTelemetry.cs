using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Activity source and instruments of the outbox relay.</summary>
public static class OutboxTelemetry
{
    /// <summary>Name of the activity source and meter.</summary>
    public const string Name = "OrderSystem.Outbox";

    /// <summary>Spans of relayed messages, parented by the publisher's stored trace context.</summary>
    public static readonly ActivitySource Source = new(Name);

    static readonly Meter Meter = new(Name);

    /// <summary>Messages confirmed by the broker.</summary>
    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("ordersystem.outbox.delivered", "{message}",
        "Outbox messages confirmed by the broker");

    /// <summary>Time to publish one message and receive the broker's confirm.</summary>
    public static readonly Histogram<double> PublishDuration = Meter.CreateHistogram<double>("ordersystem.outbox.relay.publish_duration", "s",
        "Time to publish one outbox message and receive the broker confirm");

    /// <summary>Time from commit to broker confirm: what the outbox adds to a message's journey.</summary>
    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("ordersystem.outbox.lag", "s",
        "Time from writing an outbox message to its broker confirm");

    /// <summary>Latest reading of the outbox backlog, written by <see cref="OutboxMonitor{TDbContext}"/>.</summary>
    internal static (long Pending, double OldestAgeSeconds) Backlog;

    /// <summary>Messages waiting in the outbox (scheduled ones included).</summary>
    public static readonly ObservableGauge<long> Pending = Meter.CreateObservableGauge("ordersystem.outbox.pending_messages",
        () => Backlog.Pending, "{message}", "Messages waiting in the outbox");

    /// <summary>Age of the oldest message that is due but not yet delivered: the relay's lag.</summary>
    public static readonly ObservableGauge<double> OldestPendingAge = Meter.CreateObservableGauge("ordersystem.outbox.oldest_pending_age",
        () => Backlog.OldestAgeSeconds, "s", "Age of the oldest due, undelivered outbox message");
}
