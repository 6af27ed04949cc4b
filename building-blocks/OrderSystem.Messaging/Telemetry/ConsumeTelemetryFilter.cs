using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using OrderSystem.Contracts;

namespace OrderSystem.Messaging.Telemetry;

/// <summary>
/// Sits in front of one consumer (or the saga) for one message type, outside its inbox/outbox transaction: tags the
/// receive span with order id, message type, routing key and message id, opens a log scope with the same values, and
/// records <see cref="MessagingTelemetry.ConsumerDuration"/> and <see cref="MessagingTelemetry.ConsumerFailures"/>.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
sealed class ConsumeTelemetryFilter<T>(string consumer, ILogger logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    static readonly string MessageType = typeof(T).Name;

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var orderId = context.Message is IOrderEvent orderEvent ? orderEvent.OrderId : (Guid?)null;
        var messageId = context.MessageId;
        string? routingKey = context.ReceiveContext.TryGetPayload<RoutingKeyConsumeContext>(out var rabbit) ? rabbit.RoutingKey : null;

        // A consumer's "process" span has already started here (a saga's starts later); tag it and the receive span above it.
        var current = Activity.Current;
        Tag(current, orderId, messageId, routingKey);
        if (current?.Parent is { Kind: ActivityKind.Consumer } receive && receive.Source.Name == current.Source.Name)
            Tag(receive, orderId, messageId, routingKey);

        // TraceId and SpanId join the scope through the logging defaults' ActivityTrackingOptions; the template makes the
        // scope readable on the console and structured (named values) in JSON and OTLP.
        using var scope = logger.BeginScope("Consumer:{Consumer} MessageType:{MessageType} MessageId:{MessageId} OrderId:{OrderId}",
            consumer, MessageType, messageId, orderId);

        var started = Stopwatch.GetTimestamp();
        var outcome = "success";
        try
        {
            await next.Send(context);
        }
        catch (Exception exception)
        {
            outcome = "failure";
            MessagingTelemetry.ConsumerFailures.Add(1,
                new KeyValuePair<string, object?>(MessagingTelemetry.ConsumerTag, consumer),
                new KeyValuePair<string, object?>("message_type", MessageType),
                new KeyValuePair<string, object?>("exception_type", exception.GetType().Name));
            throw;
        }
        finally
        {
            MessagingTelemetry.ConsumerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(MessagingTelemetry.ConsumerTag, consumer),
                new KeyValuePair<string, object?>("message_type", MessageType),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    void Tag(Activity? activity, Guid? orderId, Guid? messageId, string? routingKey)
    {
        if (activity is null)
            return;
        if (orderId is { } id)
            MessagingTelemetry.SetOrderId(activity, id);
        activity.SetTag(MessagingTelemetry.MessageTypeTag, MessageType);
        activity.SetTag(MessagingTelemetry.ConsumerTag, consumer);
        if (messageId is { } mid)
            activity.SetTag(MessagingTelemetry.MessageIdTag, mid.ToString("D"));
        if (!string.IsNullOrEmpty(routingKey))
            activity.SetTag(MessagingTelemetry.RoutingKeyTag, routingKey);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("consumeTelemetry").Add("consumer", consumer);
}
