using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrderSystem.Messaging.Telemetry;

/// <summary>
/// Names and instruments of the messaging telemetry (meter <c>OrderSystem.Messaging</c>): consumer processing time and
/// failures per consumer, and the span tags every OrderSystem span about one order carries.
/// </summary>
public static class MessagingTelemetry
{
    /// <summary>Meter name; collected by the service defaults through the <c>OrderSystem.*</c> wildcard.</summary>
    public const string MeterName = "OrderSystem.Messaging";

    /// <summary>Span tag and baggage key holding the order id (the saga's correlation id).</summary>
    public const string OrderIdTag = "ordersystem.order_id";

    /// <summary>Span tag: the message type's short name, e.g. <c>OrderPlaced</c>.</summary>
    public const string MessageTypeTag = "ordersystem.message_type";

    /// <summary>Span tag: the MassTransit message id (what the inbox deduplicates by).</summary>
    public const string MessageIdTag = "messaging.message.id";

    /// <summary>Span tag: the RabbitMQ routing key the message was published or received with.</summary>
    public const string RoutingKeyTag = "messaging.rabbitmq.destination.routing_key";

    /// <summary>Span and metric tag: the consumer, named by its queue (<c>&lt;service&gt;.&lt;purpose&gt;</c>).</summary>
    public const string ConsumerTag = "consumer";

    static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Time one consumer (or the saga) spent on one delivery attempt, its inbox/outbox transaction included
    /// (<c>ordersystem_consumer_duration_seconds</c>; tags <c>consumer</c>, <c>message_type</c>, <c>outcome</c>).
    /// Bucket boundaries in seconds come from the service defaults' view for <c>OrderSystem.*</c> histograms.
    /// </summary>
    public static readonly Histogram<double> ConsumerDuration = Meter.CreateHistogram<double>(
        "ordersystem.consumer.duration", "s", "Time a consumer spent processing one delivery attempt");

    /// <summary>
    /// Delivery attempts that threw (<c>ordersystem_consumer_failures_total</c>; tags <c>consumer</c>, <c>message_type</c>,
    /// <c>exception_type</c>). A message retried five times and then dead-lettered counts six.
    /// </summary>
    public static readonly Counter<long> ConsumerFailures = Meter.CreateCounter<long>(
        "ordersystem.consumer.failures", "{failure}", "Consumer delivery attempts that failed");

    /// <summary>
    /// Marks <paramref name="activity"/> as work on order <paramref name="orderId"/>: the tag for this span and baggage
    /// so that the spans started under it (database calls, publishes) get the tag as well.
    /// </summary>
    /// <param name="activity">Usually <see cref="Activity.Current"/>; nothing happens when it is null.</param>
    public static void SetOrderId(Activity? activity, Guid orderId)
    {
        if (activity is null || orderId == Guid.Empty)
            return;

        var value = orderId.ToString("D");
        activity.SetTag(OrderIdTag, value);
        activity.SetBaggage(OrderIdTag, value);
    }

    /// <summary>The last segment of a MassTransit message type URN (<c>urn:message:Ns:OrderPlaced</c> → <c>OrderPlaced</c>).</summary>
    /// <param name="messageTypes">One URN, or several separated by <c>;</c> or <c>,</c> (the first wins).</param>
    public static string ShortMessageType(string? messageTypes)
    {
        if (string.IsNullOrEmpty(messageTypes))
            return "";
        var first = messageTypes.Split([';', ','], 2)[0];
        var colon = first.LastIndexOf(':');
        return colon < 0 ? first : first[(colon + 1)..];
    }
}
