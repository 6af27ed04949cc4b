using System.Diagnostics.Metrics;

namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>Business metrics of the order flow (meter <c>OrderSystem.Order</c>).</summary>
public static class OrderTelemetry
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "OrderSystem.Order";

    static readonly Meter Meter = new(Name);

    /// <summary>Orders accepted by <c>POST /orders</c>.</summary>
    public static readonly Counter<long> Placed = Meter.CreateCounter<long>("ordersystem.orders.placed", "{order}", "Orders accepted");

    static readonly Counter<long> ConfirmedCounter = Meter.CreateCounter<long>("ordersystem.orders.confirmed", "{order}", "Orders confirmed");

    static readonly Counter<long> CancelledCounter = Meter.CreateCounter<long>("ordersystem.orders.cancelled", "{order}", "Orders cancelled, by reason");

    static readonly Histogram<double> SagaDuration = Meter.CreateHistogram<double>("ordersystem.saga.duration", "s",
        "Time from OrderPlaced to Confirmed or Cancelled");

    /// <summary>
    /// Records a final outcome (once its transaction committed). Reasons are reduced to a small set so the label stays
    /// low-cardinality.
    /// </summary>
    public static void Finished(string outcome, string? reason, TimeSpan sincePlaced)
    {
        var duration = sincePlaced.TotalSeconds;
        if (outcome == "Confirmed")
        {
            ConfirmedCounter.Add(1);
            SagaDuration.Record(duration, new KeyValuePair<string, object?>("outcome", outcome));
            return;
        }

        var category = ReasonCategory(reason);
        CancelledCounter.Add(1, new KeyValuePair<string, object?>("reason", category));
        SagaDuration.Record(duration, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>Maps a free-text reason to a metric label.</summary>
    public static string ReasonCategory(string? reason) => reason switch
    {
        null => "unknown",
        _ when reason.StartsWith("Insufficient stock", StringComparison.Ordinal) => "out_of_stock",
        _ when reason.StartsWith("Payment declined", StringComparison.Ordinal) => "payment_declined",
        _ when reason.StartsWith("Payment timed out", StringComparison.Ordinal) => "payment_timeout",
        _ when reason.StartsWith("Cancelled by customer", StringComparison.Ordinal) => "customer",
        _ => "other",
    };
}
