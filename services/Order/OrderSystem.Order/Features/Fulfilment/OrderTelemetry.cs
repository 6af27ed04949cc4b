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

    /// <summary>Counts a confirmed order (once its transaction committed).</summary>
    public static void Confirmed(TimeSpan sincePlaced)
    {
        ConfirmedCounter.Add(1);
        SagaDuration.Record(sincePlaced.TotalSeconds, new KeyValuePair<string, object?>("outcome", "Confirmed"));
    }

    /// <summary>Counts a cancelled order (once its transaction committed) under its cause.</summary>
    public static void Cancelled(CancellationCause? cause, TimeSpan sincePlaced)
    {
        CancelledCounter.Add(1, new KeyValuePair<string, object?>("reason", ReasonLabel(cause)));
        SagaDuration.Record(sincePlaced.TotalSeconds, new KeyValuePair<string, object?>("outcome", "Cancelled"));
    }

    /// <summary>The <c>reason</c> label of a cause; the labels are the ones dashboards already use.</summary>
    public static string ReasonLabel(CancellationCause? cause) => cause switch
    {
        null => "unknown",
        CancellationCause.OutOfStock => "out_of_stock",
        CancellationCause.PaymentDeclined => "payment_declined",
        CancellationCause.PaymentTimedOut => "payment_timeout",
        CancellationCause.CustomerRequest => "customer",
        _ => "other",
    };
}
