using System.Text;
using OrderSystem.Tests.Support;
using RabbitMQ.Client;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>Plain RabbitMQ.Client access for asserting what really reached the broker.</summary>
public sealed class RawBroker : IAsyncDisposable
{
    readonly IConnection _connection;
    readonly IChannel _channel;

    RawBroker(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<RawBroker> Connect(string virtualHost)
    {
        var connection = await RealInfrastructure.ConnectAsAdministrator(virtualHost);
        return new RawBroker(connection, await connection.CreateChannelAsync());
    }

    /// <summary>Declares a durable topic exchange (as the services do) and a queue bound to it by <paramref name="routingKey"/>.</summary>
    public async Task<string> BindProbe(string exchange, string routingKey)
    {
        await _channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        var queue = (await _channel.QueueDeclareAsync($"probe-{Guid.NewGuid():N}", durable: true, exclusive: false, autoDelete: false)).QueueName;
        await _channel.QueueBindAsync(queue, exchange, routingKey);
        return queue;
    }

    public async Task<uint> Count(string queue) => await _channel.MessageCountAsync(queue);

    /// <summary>Takes every message now in <paramref name="queue"/>.</summary>
    public async Task<List<BasicGetResult>> Drain(string queue)
    {
        var messages = new List<BasicGetResult>();
        while (await _channel.BasicGetAsync(queue, autoAck: true) is { } message)
            messages.Add(message);
        return messages;
    }

    /// <summary>Publishes raw bytes, e.g. a malformed message.</summary>
    public async Task Publish(string exchange, string routingKey, string body, string? messageId = null, string contentType = "application/vnd.masstransit+json")
    {
        var properties = new BasicProperties { Persistent = true, ContentType = contentType, MessageId = messageId ?? Guid.NewGuid().ToString() };
        await _channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
