using OrderSystem.Contracts;
using OrderSystem.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderSystem.Tests.EndToEnd;

/// <summary>
/// Delivers every integration event twice: it listens on all four context exchanges and republishes each message once,
/// byte for byte with the same message id, to the same exchange and routing key. Every consumer therefore sees each
/// event twice, as after a broker redelivery or a publisher retry.
/// </summary>
public sealed class MessageDuplicator : IAsyncDisposable
{
    const string Marker = "x-test-duplicate";
    readonly IConnection _connection;
    readonly IChannel _channel;
    int _duplicated;

    MessageDuplicator(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <summary>How many copies were published.</summary>
    public int Duplicated => Volatile.Read(ref _duplicated);

    public static async Task<MessageDuplicator> Start(string virtualHost)
    {
        var factory = new ConnectionFactory
        {
            HostName = RealInfrastructure.RabbitHost,
            Port = RealInfrastructure.RabbitPort,
            VirtualHost = virtualHost,
            UserName = RealInfrastructure.RabbitUser,
            Password = RealInfrastructure.RabbitPassword,
        };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var duplicator = new MessageDuplicator(connection, channel);

        var queue = (await channel.QueueDeclareAsync("test.duplicator", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in new[] { Exchanges.Order, Exchanges.Inventory, Exchanges.Payment, Exchanges.Notification })
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
            await channel.QueueBindAsync(queue, exchange, "#");
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += duplicator.Duplicate;
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return duplicator;
    }

    async Task Duplicate(object sender, BasicDeliverEventArgs delivery)
    {
        if (delivery.BasicProperties.Headers?.ContainsKey(Marker) == true)
            return;

        var properties = new BasicProperties(delivery.BasicProperties)
        {
            Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>()) { [Marker] = 1 },
        };
        await _channel.BasicPublishAsync(delivery.Exchange, delivery.RoutingKey, mandatory: false, properties, delivery.Body.ToArray());
        Interlocked.Increment(ref _duplicated);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
