using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrderSystem.Benchmarks;

/// <summary>
/// What the broker alone carries on this machine: <c>Publishers</c> concurrent publishers, each on its own channel with
/// publisher confirms, send persistent messages through a durable topic exchange to a durable queue that a consumer
/// drains, awaiting each confirm before the next publish (like the relay). Exchange and queue are throw-away and deleted.
/// </summary>
static class RawBaseline
{
    public static async Task<BaselineResult> RunAsync(BenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var factory = options.ConnectionFactory("ordersystem-benchmark-baseline");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var exchange = $"benchmark.raw.{suffix}";
        var queue = $"benchmark.raw.{suffix}";

        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var setup = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await setup.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await setup.QueueBindAsync(queue, exchange, "raw.#", cancellationToken: cancellationToken);

        long consumed = 0;
        await using var consumerChannel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await consumerChannel.BasicQosAsync(0, 200, false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.Increment(ref consumed);
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);

        var body = new byte[options.BaselineMessageBytes];
        Array.Fill(body, (byte)'x');
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var confirmOptions = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        var channels = new List<IChannel>();
        for (var i = 0; i < options.BaselinePublishers; i++)
            channels.Add(await connection.CreateChannelAsync(confirmOptions, cancellationToken));

        TimedRun run;
        try
        {
            // With confirmation tracking the publish returns once the broker confirmed the message (throws on nack).
            run = await TimedWorkers.RunAsync(channels.Count, options.BaselineDuration,
                (done, rate) => $"raw baseline: {done} confirmed, {rate:0} msg/s", progress,
                async (index, worker) =>
                {
                    while (worker.Running)
                        await worker.Step(() => channels[index].BasicPublishAsync(exchange, "raw.message", mandatory: false, properties, body, CancellationToken.None).AsTask());
                }, cancellationToken);
        }
        finally
        {
            foreach (var channel in channels)
                await channel.DisposeAsync();
            await setup.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
            await setup.ExchangeDeleteAsync(exchange, cancellationToken: CancellationToken.None);
        }

        return new BaselineResult(options.BaselinePublishers, options.BaselineMessageBytes, run.Seconds, run.Steps,
            Interlocked.Read(ref consumed), run.PerSecond, run.P50Ms, run.P99Ms, 0);
    }
}
