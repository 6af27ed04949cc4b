using System.Text;
using RabbitMQ.Client;

namespace OrderSystem.FaultInjection;

/// <summary>Publishes malformed and unknown messages onto the topic exchanges, each with a recognisable message id.</summary>
public static class MalformedMessages
{
    /// <summary>The header every injected message carries (its value is the message id).</summary>
    public const string Header = "x-fault-injection";

    const string MassTransitJson = "application/vnd.masstransit+json";

    static IEnumerable<(string Exchange, string RoutingKey, string ContentType, string Body, string What)> Shapes(string id) =>
    [
        ("order", "order.placed", MassTransitJson, "{\"messageId\": \"" + id + "\", \"message\": {\"orderId\": ", "truncated JSON"),
        ("order", "order.placed", MassTransitJson, "", "empty body"),
        ("inventory", "inventory.reserved", MassTransitJson, "not json at all <xml/>", "not JSON"),
        ("payment", "payment.captured", "text/plain", "captured!", "unsupported content type"),
        ("order", "order.placed", MassTransitJson, Envelope(id, "urn:message:Hostile.Contracts:Unknown", "{\"orderId\": \"" + Guid.NewGuid() + "\"}"), "unknown message type"),
        ("order", "order.confirmed", MassTransitJson, Envelope(id, "urn:message:OrderSystem.Contracts:OrderConfirmedV9", "{}"), "unknown version of a known event"),
        ("payment", "payment.refunded", MassTransitJson, Envelope(id, "urn:message:OrderSystem.Contracts:PaymentRefunded", "[1, 2, 3]"), "wrongly typed body"),
        ("inventory", "inventory.reserved", MassTransitJson, "{\"message\": \"" + new string('x', 20_000) + "\"}", "envelope without type, oversized"),
        ("order", "order.payment-requested.v2", MassTransitJson, Envelope(id, "urn:message:OrderSystem.Contracts:PaymentRequestedV2", "{\"orderId\": \"'; DROP TABLE \\\"Payments\\\"; --\", \"amount\": \"NaN\"}"), "injection-shaped, wrongly typed fields"),
    ];

    static string Envelope(string id, string type, string message) =>
        "{\"messageId\": \"" + id + "\", \"messageType\": [\"" + type + "\"], \"message\": " + message + "}";

    /// <summary>Publishes <paramref name="rounds"/> rounds of every shape; returns what was published.</summary>
    public static async Task<List<MalformedMessage>> Publish(Settings settings, string virtualHost, int rounds)
    {
        await using var connection = await Broker.Connect(settings, virtualHost, "fault-injection-malformed");
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var published = new List<MalformedMessage>();
        for (var round = 0; round < rounds; round++)
        {
            for (var shape = 0; shape < Shapes("").Count(); shape++)
            {
                var id = Guid.NewGuid().ToString();
                var (exchange, routingKey, contentType, body, what) = Shapes(id).ElementAt(shape);
                var properties = new BasicProperties
                {
                    MessageId = id,
                    ContentType = contentType,
                    Persistent = true,
                    Headers = new Dictionary<string, object?> { [Header] = id },
                };
                await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(body));
                published.Add(new MalformedMessage(id, exchange, routingKey, what));
            }
        }

        return published;
    }
}
