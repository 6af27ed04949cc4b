using System.Diagnostics;
using System.Text.Json;
using MassTransit.Middleware;
using OrderSystem.Messaging.Telemetry;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Span tags of the relay and the send pipe that keeps the consumer's span under the relay's.</summary>
static class OutboxRelayTracing
{
    /// <summary>Tags the relay span with what was sent, where to, and for which order.</summary>
    public static void Enrich(Activity? activity, OutboxMessage message)
    {
        if (activity is null)
            return;

        activity.SetTag(MessagingTelemetry.MessageIdTag, message.MessageId.ToString("D"));
        activity.SetTag(MessagingTelemetry.MessageTypeTag, MessagingTelemetry.ShortMessageType(message.MessageType));
        if (message.DestinationAddress is { } destination)
            activity.SetTag("messaging.destination.name", destination.AbsolutePath.Trim('/'));
        // MassTransit.RabbitMqTransport.RabbitMqTransportPropertyNames.RoutingKey (internal there).
        if (((OutboxMessageContext)message).Properties.TryGetValue("RMQ-RoutingKey", out var routingKey) && routingKey is not null)
            activity.SetTag(MessagingTelemetry.RoutingKeyTag, routingKey.ToString());

        if ((message.CorrelationId ?? ReadOrderId(message.Body)) is { } orderId)
            MessagingTelemetry.SetOrderId(activity, orderId);
    }

    /// <summary>
    /// The order id of an order event from the stored envelope (<c>{"message":{"orderId":…}}</c>); our events carry it as
    /// <c>OrderId</c> rather than as MassTransit's CorrelationId.
    /// </summary>
    static Guid? ReadOrderId(string body)
    {
        if (string.IsNullOrEmpty(body) || !body.Contains("\"orderId\"", StringComparison.Ordinal))
            return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("message", out var payload)
                && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("orderId", out var orderId)
                && orderId.TryGetGuid(out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
