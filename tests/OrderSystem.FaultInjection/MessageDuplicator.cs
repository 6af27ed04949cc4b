using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderSystem.FaultInjection;

/// <summary>
/// Delivers every integration event twice: a queue bound with '#' to the four context exchanges, each message
/// republished once, byte for byte with the same message id, to the same exchange and routing key, as after a broker
/// redelivery or a publisher retry. Used by the runner's duplicate scenario and by the end-to-end duplicate test.
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

    /// <summary>Starts duplicating on the runner's broker.</summary>
    public static async Task<MessageDuplicator> Start(Settings settings, string virtualHost) =>
        await Start(await Broker.Connect(settings, virtualHost, "fault-injection-duplicator"));

    /// <summary>Starts duplicating over <paramref name="connection"/> (to the vhost to duplicate), which it then owns.</summary>
    public static async Task<MessageDuplicator> Start(IConnection connection)
    {
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
        // Injected poison is not duplicated: the DLQ accounting expects each malformed message once per bound queue.
        var headers = delivery.BasicProperties.Headers;
        if (headers?.ContainsKey(Marker) != true && headers?.ContainsKey(MalformedMessages.Header) != true)
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
