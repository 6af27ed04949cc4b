using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Reads the service's dead-letter queues over plain AMQP with the service's own broker user: their depths (for the
/// gauge and the health check) and their messages (for the admin API), on one connection opened on first use.
/// </summary>
/// <remarks>
/// AMQP has no "browse": <see cref="ScanAsync"/> fetches messages without acknowledging them and hands them back (nack +
/// requeue, which returns them to their original position). On quorum queues (Kubernetes) each such return counts as a
/// delivery before RabbitMQ 4.3, and 4.0+ drops a message after 20 by default; the dead-letter queue policy therefore sets
/// <c>delivery-limit: -1</c> (unlimited) for the <c>.dlq</c> queues (deploy/docker/rabbitmq/definitions.json,
/// deploy/k8s/rabbitmq-topology.yaml), so browsing never deletes a dead letter. See docs/dead-letters.md.
/// </remarks>
public sealed class DeadLetterBrowser : IAsyncDisposable
{
    readonly RabbitMqOptions _broker;
    readonly DeadLetterOptions _options;
    readonly ConsumerQueues _queues;
    readonly MessagingServiceName _service;
    readonly SemaphoreSlim _connectGate = new(1, 1);
    IConnection? _connection;

    /// <summary>The broker connection is opened on first use, not here: a service starts while the broker is down.</summary>
    public DeadLetterBrowser(IOptions<RabbitMqOptions> broker, IOptions<DeadLetterOptions> options, ConsumerQueues queues,
        MessagingServiceName service)
    {
        _broker = broker.Value;
        _options = options.Value;
        _queues = queues;
        _service = service;
    }

    /// <summary>Messages waiting in each of the service's dead-letter queues. Throws when the broker cannot be queried.</summary>
    public async Task<IReadOnlyList<DeadLetterQueueDepth>> GetDepthsAsync(CancellationToken cancellationToken = default)
    {
        var depths = new List<DeadLetterQueueDepth>();
        foreach (var queue in _queues.All)
            depths.Add(new DeadLetterQueueDepth(queue.Queue, queue.DeadLetterQueue, await GetDepthAsync(queue.DeadLetterQueue, cancellationToken)));
        return depths;
    }

    /// <summary>Messages waiting in <paramref name="deadLetterQueue"/>; 0 while it is not declared yet.</summary>
    public async Task<long> GetDepthAsync(string deadLetterQueue, CancellationToken cancellationToken = default)
    {
        // A passive declare of a missing queue closes the channel, so each query gets its own.
        await using var channel = await OpenChannelAsync(false, cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(deadLetterQueue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // not declared yet: nothing has been dead-lettered
        }
    }

    /// <summary>
    /// Reads <paramref name="queue"/>'s dead letters in order without acknowledging them until <paramref name="visit"/> says
    /// stop (or <see cref="DeadLetterOptions.MaxScan"/>); whatever was not acknowledged goes back to the queue.
    /// <paramref name="visit"/> gets the channel (to acknowledge or republish on), the message and its index, and returns
    /// whether to stop and whether it acknowledged the message. <paramref name="confirms"/> turns on publisher confirms.
    /// </summary>
    public async Task ScanAsync(ConsumerQueue queue, Func<IChannel, BasicGetResult, int, Task<(bool Stop, bool Acknowledged)>> visit,
        CancellationToken cancellationToken, bool confirms = false)
    {
        var depth = await GetDepthAsync(queue.DeadLetterQueue, cancellationToken);
        if (depth == 0)
            return;

        var acknowledged = 0;
        var requeued = false;
        await using (var channel = await OpenChannelAsync(confirms, cancellationToken))
        {
            // The last fetched message not acknowledged by the visitor: a multiple nack up to it hands back every one before it,
            // while a nack naming an already acknowledged tag would be a protocol error that closes the channel.
            ulong lastUnacknowledged = 0;
            try
            {
                for (var index = 0; index < _options.MaxScan; index++)
                {
                    if (await channel.BasicGetAsync(queue.DeadLetterQueue, autoAck: false, cancellationToken) is not { } message)
                        break;
                    var (stop, acked) = await visit(channel, message, index);
                    if (acked)
                        acknowledged++;
                    else
                        lastUnacknowledged = message.DeliveryTag;
                    if (stop)
                        break;
                }
            }
            finally
            {
                if (lastUnacknowledged > 0 && channel.IsOpen)
                {
                    await channel.BasicNackAsync(lastUnacknowledged, multiple: true, requeue: true, CancellationToken.None);
                    requeued = true;
                }
            }
        }

        // The broker requeues asynchronously; wait until the messages are visible again, so that the caller's next request
        // (or the caller's assertion) does not find them missing. New dead letters may only raise the count.
        if (requeued)
        {
            var expected = depth - acknowledged;
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (DateTime.UtcNow < deadline && await GetDepthAsync(queue.DeadLetterQueue, cancellationToken) < expected)
                await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>
    /// Takes the messages waiting in <paramref name="queue"/>'s dead-letter queue now (at most
    /// <see cref="DeadLetterOptions.MaxScan"/>) and hands each to <paramref name="take"/>, which must acknowledge it.
    /// Only what is there now: a replayed message that fails again must not be taken again in the same call.
    /// </summary>
    public async Task TakeAllAsync(ConsumerQueue queue, Func<IChannel, BasicGetResult, Task> take, CancellationToken cancellationToken,
        bool confirms = false)
    {
        var depth = (int)Math.Min(await GetDepthAsync(queue.DeadLetterQueue, cancellationToken), _options.MaxScan);
        if (depth == 0)
            return;
        await using var channel = await OpenChannelAsync(confirms, cancellationToken);
        for (var i = 0; i < depth; i++)
        {
            if (await channel.BasicGetAsync(queue.DeadLetterQueue, autoAck: false, cancellationToken) is not { } message)
                break;
            await take(channel, message);
        }
    }

    async Task<IChannel> OpenChannelAsync(bool confirms, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        return await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms), cancellationToken);
    }

    async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
            return open;

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } reopened)
                return reopened;
            if (_connection is not null)
                await _connection.DisposeAsync();

            var factory = new ConnectionFactory
            {
                HostName = _broker.Host,
                Port = _broker.Port,
                VirtualHost = _broker.VirtualHost,
                UserName = _broker.Username,
                Password = _broker.Password,
                ClientProvidedName = $"ordersystem-{_service.Name}-dead-letters",
                RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
                AutomaticRecoveryEnabled = false,
            };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connectGate.Dispose();
    }
}
