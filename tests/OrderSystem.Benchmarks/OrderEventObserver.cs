using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderSystem.Benchmarks;

/// <summary>
/// The benchmark's own consumer: an exclusive, auto-delete queue bound to <c>order.confirmed</c> and
/// <c>order.cancelled</c> on the <c>order</c> topic exchange. Latency is measured here, never by polling the API.
/// </summary>
sealed class OrderEventObserver : IAsyncDisposable
{
    readonly ConcurrentDictionary<Guid, TrackedOrder> _orders = new();
    IConnection? _connection;
    IChannel? _channel;

    public long Confirmed;
    public long Cancelled;
    public long Unparsed;

    /// <summary>Times the observer lost its broker connection during the run (a broker restart disturbs the figures).</summary>
    public long ConnectionLosses;

    public static async Task<OrderEventObserver> StartAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var observer = new OrderEventObserver();
        var factory = options.ConnectionFactory("ordersystem-benchmark-observer");
        observer._connection = await factory.CreateConnectionAsync(cancellationToken);
        observer._connection.ConnectionShutdownAsync += (_, _) =>
        {
            Interlocked.Increment(ref observer.ConnectionLosses);
            return Task.CompletedTask;
        };
        observer._channel = await observer._connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var channel = observer._channel;
        // The exchange exists once the services ran; declaring it passively fails loudly if they never did.
        await channel.ExchangeDeclarePassiveAsync("order", cancellationToken);
        var queue = await channel.QueueDeclareAsync($"benchmark.observer.{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue.QueueName, "order", "order.confirmed", cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue.QueueName, "order", "order.cancelled", cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, 500, false, cancellationToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            observer.OnMessage(delivery);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken);
        return observer;
    }

    /// <summary>The tracker of <paramref name="orderId"/>; the final event may arrive before the POST's answer is read.</summary>
    public TrackedOrder Track(Guid orderId) => _orders.GetOrAdd(orderId, static _ => new TrackedOrder());

    public void Forget(Guid orderId) => _orders.TryRemove(orderId, out _);

    void OnMessage(BasicDeliverEventArgs delivery)
    {
        var observedAt = Stopwatch.GetTimestamp();
        var wallClock = DateTimeOffset.UtcNow;
        var outcome = delivery.RoutingKey == "order.confirmed" ? OrderOutcome.Confirmed : OrderOutcome.Cancelled;
        try
        {
            using var document = JsonDocument.Parse(delivery.Body);
            var root = document.RootElement;
            var orderId = root.GetProperty("message").GetProperty("orderId").GetGuid();
            DateTimeOffset? sentTime = root.TryGetProperty("sentTime", out var sent) && sent.ValueKind == JsonValueKind.String
                ? sent.GetDateTimeOffset()
                : null;
            Interlocked.Increment(ref outcome == OrderOutcome.Confirmed ? ref Confirmed : ref Cancelled);
            Track(orderId).Complete(outcome, observedAt, wallClock, sentTime);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            Interlocked.Increment(ref Unparsed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
            await _channel.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
