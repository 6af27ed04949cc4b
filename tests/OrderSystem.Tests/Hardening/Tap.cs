using OrderSystem.Contracts;
using OrderSystem.Tests.Support;
using RabbitMQ.Client;

namespace OrderSystem.Tests.Hardening;

/// <summary>A queue bound with '#' to the four context exchanges: everything the services publish.</summary>
sealed class Tap : IAsyncDisposable
{
    readonly IConnection _connection;
    readonly IChannel _channel;
    readonly string _queue;

    Tap(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<Tap> Start(string virtualHost)
    {
        var connection = await RealInfrastructure.ConnectAsAdministrator(virtualHost);
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in new[] { Exchanges.Order, Exchanges.Inventory, Exchanges.Payment, Exchanges.Notification })
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
            await channel.QueueBindAsync(queue, exchange, "#");
        }

        return new Tap(connection, channel, queue);
    }

    /// <summary>Takes every message waiting in the tap.</summary>
    public async Task<List<(string Exchange, string RoutingKey)>> Drain()
    {
        var messages = new List<(string, string)>();
        while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } message)
            messages.Add((message.Exchange, message.RoutingKey));
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
