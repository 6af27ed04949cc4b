using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderSystem.FaultInjection;

/// <summary>AMQP connections of the runner itself (as the broker administrator, on the system's vhost).</summary>
public static class Broker
{
    /// <summary>The four context exchanges.</summary>
    public static readonly string[] Exchanges = ["order", "inventory", "payment", "notification"];

    /// <summary>Opens a connection that recovers by itself after drops and broker restarts.</summary>
    public static Task<IConnection> Connect(Settings settings, string virtualHost, string name) => new ConnectionFactory
    {
        HostName = settings["RABBITMQ_HOST"],
        Port = settings.Number("RABBITMQ_PORT", 5672),
        VirtualHost = virtualHost,
        UserName = settings["RABBITMQ_ADMIN_USER"],
        Password = settings["RABBITMQ_ADMIN_PASSWORD"],
        ClientProvidedName = name,
        AutomaticRecoveryEnabled = true,
        TopologyRecoveryEnabled = true,
        NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
    }.CreateConnectionAsync();
}

/// <summary>
/// Delivers every integration event twice: a queue bound with '#' to the four context exchanges, each message
/// republished once, byte for byte with the same message id, to the same exchange and routing key (as
/// tests/OrderSystem.Tests/EndToEnd/MessageDuplicator.cs does in-process).
/// </summary>
public sealed class MessageDuplicator : IAsyncDisposable
{
    const string Marker = "x-fault-injection-duplicate";
    const string Queue = "fault-injection.duplicator";
    readonly IConnection _connection;
    readonly IChannel _channel;
    int _duplicated;

    MessageDuplicator(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <summary>Copies published.</summary>
    public int Duplicated => Volatile.Read(ref _duplicated);

    /// <summary>Starts duplicating.</summary>
    public static async Task<MessageDuplicator> Start(Settings settings, string virtualHost)
    {
        var connection = await Broker.Connect(settings, virtualHost, "fault-injection-duplicator");
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var duplicator = new MessageDuplicator(connection, channel);
        // Exclusive: RabbitMQ 4.0 deprecates transient non-exclusive queues (transient_nonexcl_queues), and only this
        // connection ever uses the queue.
        await channel.QueueDeclareAsync(Queue, durable: false, exclusive: true, autoDelete: true);
        foreach (var exchange in Broker.Exchanges)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
            await channel.QueueBindAsync(Queue, exchange, "#");
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += duplicator.Duplicate;
        await channel.BasicConsumeAsync(Queue, autoAck: false, consumer);
        return duplicator;
    }

    async Task Duplicate(object sender, BasicDeliverEventArgs delivery)
    {
        if (delivery.BasicProperties.Headers?.ContainsKey(Marker) != true)
        {
            var properties = new BasicProperties(delivery.BasicProperties)
            {
                Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>()) { [Marker] = 1 },
            };
            await _channel.BasicPublishAsync(delivery.Exchange, delivery.RoutingKey, mandatory: false, properties, delivery.Body.ToArray());
            Interlocked.Increment(ref _duplicated);
        }

        await _channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>One deliberately bad message published onto a topic exchange.</summary>
public sealed record MalformedMessage(string MessageId, string Exchange, string RoutingKey, string What);

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
