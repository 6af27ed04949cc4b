using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Reads, replays and discards the service's dead letters over plain AMQP with the service's own broker user.
/// </summary>
/// <remarks>
/// AMQP has no "browse": listing fetches messages without acknowledging them and hands them back (nack + requeue, which
/// returns them to their original position). On quorum queues (Kubernetes) each such return counts as a delivery before
/// RabbitMQ 4.3, and 4.0+ drops a message after 20 by default; the dead-letter queue policy therefore sets
/// <c>delivery-limit: -1</c> (unlimited) for the <c>.dlq</c> queues (deploy/docker/rabbitmq/definitions.json,
/// deploy/k8s/rabbitmq-topology.yaml), so browsing never deletes a dead letter. See docs/dead-letters.md. Operations of this process are serialised so they do not hide messages from
/// each other; two replicas listing the same dead-letter queue at the same instant may each see part of it.
/// Replay publishes a copy to the queue it failed in (through the queue's own exchange, keeping message id, properties and
/// the original routing key), waits for the broker's publisher confirm, and only then acknowledges the dead letter.
/// </remarks>
public sealed class DeadLetterStore : IAsyncDisposable
{
    const string ReplayAction = "replay";
    const string DiscardAction = "discard";
    static readonly UTF8Encoding StrictUtf8 = new(false, true);

    readonly RabbitMqOptions _broker;
    readonly DeadLetterOptions _options;
    readonly ConsumerQueues _queues;
    readonly MessagingServiceName _service;
    readonly ILogger _audit;
    readonly SemaphoreSlim _connectGate = new(1, 1);
    readonly SemaphoreSlim _operationGate = new(1, 1);
    IConnection? _connection;

    /// <summary>Creates the store; the broker connection is opened on first use.</summary>
    public DeadLetterStore(IOptions<RabbitMqOptions> broker, IOptions<DeadLetterOptions> options, ConsumerQueues queues,
        MessagingServiceName service, ILoggerFactory loggerFactory)
    {
        _broker = broker.Value;
        _options = options.Value;
        _queues = queues;
        _service = service;
        _audit = loggerFactory.CreateLogger("OrderSystem.Messaging.DeadLetters.Audit");
    }

    /// <summary>Messages waiting in each of the service's dead-letter queues. Throws when the broker cannot be queried.</summary>
    public async Task<IReadOnlyList<DeadLetterQueueDepth>> GetDepthsAsync(CancellationToken cancellationToken = default)
    {
        var depths = new List<DeadLetterQueueDepth>();
        foreach (var queue in _queues.All)
            depths.Add(new DeadLetterQueueDepth(queue.Queue, queue.DeadLetterQueue, await DepthAsync(queue.DeadLetterQueue, cancellationToken)));
        return depths;
    }

    /// <summary>A page of dead letters, across all of the service's dead-letter queues or only <paramref name="queue"/>'s.</summary>
    public async Task<DeadLetterPage> ListAsync(ConsumerQueue? queue, int offset, int limit, CancellationToken cancellationToken = default)
    {
        await _operationGate.WaitAsync(cancellationToken);
        try
        {
            var items = new List<DeadLetterSummary>();
            long total = 0;
            foreach (var current in queue is null ? _queues.All : [queue])
            {
                var depth = await DepthAsync(current.DeadLetterQueue, cancellationToken);
                var skip = Math.Max(0, offset - total);
                total += depth;
                if (items.Count >= limit || skip >= depth)
                    continue;

                var take = (int)Math.Min(limit - items.Count, depth - skip);
                await ScanAsync(current, (_, message, index) =>
                {
                    if (index >= skip)
                        items.Add(Summarize(message, current));
                    return Task.FromResult((index + 1 >= skip + take, false));
                }, cancellationToken);
            }

            return new DeadLetterPage(items, offset, limit, total);
        }
        finally
        {
            _operationGate.Release();
        }
    }

    /// <summary>One dead letter with body and headers, found by its id or message id; null when there is none.</summary>
    public async Task<DeadLetterDetail?> FindAsync(string id, ConsumerQueue? queue, CancellationToken cancellationToken = default)
    {
        await _operationGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var current in queue is null ? _queues.All : [queue])
            {
                DeadLetterDetail? found = null;
                await ScanAsync(current, (_, message, _) =>
                {
                    if (Matches(message, id))
                        found = Detail(message, current);
                    return Task.FromResult((found is not null, false));
                }, cancellationToken);
                if (found is not null)
                    return found;
            }

            return null;
        }
        finally
        {
            _operationGate.Release();
        }
    }

    /// <summary>Sends one dead letter back to the queue it failed in; null when there is none with that id.</summary>
    public Task<DeadLetterActionResult?> ReplayAsync(string id, ConsumerQueue? queue, string actor, CancellationToken cancellationToken = default) =>
        HandleOneAsync(ReplayAction, id, queue, actor, cancellationToken);

    /// <summary>Sends every dead letter (of <paramref name="queue"/>, or of all queues) back to the queue it failed in.</summary>
    public Task<DeadLetterActionResult> ReplayAllAsync(ConsumerQueue? queue, string actor, CancellationToken cancellationToken = default) =>
        HandleAllAsync(ReplayAction, queue, actor, cancellationToken);

    /// <summary>Deletes one dead letter; null when there is none with that id.</summary>
    public Task<DeadLetterActionResult?> DiscardAsync(string id, ConsumerQueue? queue, string actor, CancellationToken cancellationToken = default) =>
        HandleOneAsync(DiscardAction, id, queue, actor, cancellationToken);

    /// <summary>Deletes every dead letter (of <paramref name="queue"/>, or of all queues).</summary>
    public Task<DeadLetterActionResult> DiscardAllAsync(ConsumerQueue? queue, string actor, CancellationToken cancellationToken = default) =>
        HandleAllAsync(DiscardAction, queue, actor, cancellationToken);

    async Task<DeadLetterActionResult?> HandleOneAsync(string action, string id, ConsumerQueue? queue, string actor, CancellationToken cancellationToken)
    {
        await _operationGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var current in queue is null ? _queues.All : [queue])
            {
                DeadLetterActionItem? handled = null;
                await ScanAsync(current, async (channel, message, _) =>
                {
                    if (!Matches(message, id))
                        return (false, false);
                    handled = await HandleAsync(action, channel, message, current, cancellationToken);
                    return (true, true);
                }, cancellationToken, confirms: action == ReplayAction);

                if (handled is not null)
                    return Audit(action, actor, [handled]);
            }

            return null;
        }
        finally
        {
            _operationGate.Release();
        }
    }

    async Task<DeadLetterActionResult> HandleAllAsync(string action, ConsumerQueue? queue, string actor, CancellationToken cancellationToken)
    {
        await _operationGate.WaitAsync(cancellationToken);
        var handled = new List<DeadLetterActionItem>();
        try
        {
            foreach (var current in queue is null ? _queues.All : [queue])
            {
                // Only what is there now: a replayed message that fails again must not be replayed again in this loop.
                var depth = (int)Math.Min(await DepthAsync(current.DeadLetterQueue, cancellationToken), _options.MaxScan);
                if (depth == 0)
                    continue;
                await using var channel = await OpenChannelAsync(action == ReplayAction, cancellationToken);
                for (var i = 0; i < depth; i++)
                {
                    if (await channel.BasicGetAsync(current.DeadLetterQueue, autoAck: false, cancellationToken) is not { } message)
                        break;
                    handled.Add(await HandleAsync(action, channel, message, current, cancellationToken));
                }
            }
        }
        finally
        {
            _operationGate.Release();
            // Partial work is still audited when a later queue fails.
            if (handled.Count > 0 || !cancellationToken.IsCancellationRequested)
                Audit(action, actor, handled);
        }

        return new DeadLetterActionResult(action, handled.Count, handled);
    }

    static async Task<DeadLetterActionItem> HandleAsync(string action, IChannel channel, BasicGetResult message, ConsumerQueue queue,
        CancellationToken cancellationToken)
    {
        var summary = Summarize(message, queue);
        if (action == ReplayAction)
        {
            var properties = new BasicProperties(message.BasicProperties) { Headers = ReplayHeaders(message.BasicProperties.Headers) };
            // The queue's own exchange (MassTransit binds one of the same name to every receive endpoint) reaches exactly
            // this queue, not the other subscribers of the original topic. Awaiting the publish waits for the confirm.
            await channel.BasicPublishAsync(queue.Queue, summary.OriginalRoutingKey ?? message.RoutingKey, mandatory: true, properties,
                message.Body, cancellationToken);
        }

        await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
        return new DeadLetterActionItem(summary.Id, summary.MessageId, queue.DeadLetterQueue, queue.Queue);
    }

    DeadLetterActionResult Audit(string action, string actor, List<DeadLetterActionItem> items)
    {
        _audit.LogInformation(
            "Dead-letter audit: {Actor} performed {Action} on {Count} dead letter(s) at {Time:O}; message ids {MessageIds}; dead-letter ids {DeadLetterIds}; queues {Queues}",
            actor, action, items.Count, DateTimeOffset.UtcNow, items.Select(i => i.MessageId ?? "(none)").ToArray(),
            items.Select(i => i.Id).ToArray(), items.Select(i => i.DeadLetterQueue).Distinct().ToArray());
        return new DeadLetterActionResult(action, items.Count, items);
    }

    /// <summary>
    /// Reads <paramref name="queue"/>'s dead letters in order without acknowledging them until <paramref name="visit"/> says
    /// stop (or <see cref="DeadLetterOptions.MaxScan"/>); whatever was not acknowledged goes back to the queue.
    /// <paramref name="visit"/> returns whether to stop and whether it acknowledged the message.
    /// </summary>
    async Task ScanAsync(ConsumerQueue queue, Func<IChannel, BasicGetResult, int, Task<(bool Stop, bool Acknowledged)>> visit,
        CancellationToken cancellationToken, bool confirms = false)
    {
        var depth = await DepthAsync(queue.DeadLetterQueue, cancellationToken);
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
            while (DateTime.UtcNow < deadline && await DepthAsync(queue.DeadLetterQueue, cancellationToken) < expected)
                await Task.Delay(20, cancellationToken);
        }
    }

    async Task<long> DepthAsync(string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes the channel, so each query gets its own.
        await using var channel = await OpenChannelAsync(false, cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // not declared yet: nothing has been dead-lettered
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

    static bool Matches(BasicGetResult message, string id) =>
        string.Equals(IdOf(message), id, StringComparison.OrdinalIgnoreCase)
        || string.Equals(message.BasicProperties.MessageId, id, StringComparison.OrdinalIgnoreCase);

    static string IdOf(BasicGetResult message) =>
        Header(message.BasicProperties.Headers, DeadLetterHeaders.Id)
        ?? message.BasicProperties.MessageId
        ?? "sha256-" + Convert.ToHexStringLower(SHA256.HashData(message.Body.Span))[..32];

    static DeadLetterSummary Summarize(BasicGetResult message, ConsumerQueue queue) => Fill(new DeadLetterSummary
    {
        Id = IdOf(message),
        DeadLetterQueue = queue.DeadLetterQueue,
        SourceQueue = queue.Queue,
        Category = DeadLetterCategories.Broker,
        Reason = "",
    }, message, queue);

    static DeadLetterDetail Detail(BasicGetResult message, ConsumerQueue queue)
    {
        string body, encoding;
        try
        {
            body = StrictUtf8.GetString(message.Body.Span);
            encoding = "utf-8";
        }
        catch (DecoderFallbackException)
        {
            body = Convert.ToBase64String(message.Body.Span);
            encoding = "base64";
        }

        return Fill(new DeadLetterDetail
        {
            Id = IdOf(message),
            DeadLetterQueue = queue.DeadLetterQueue,
            SourceQueue = queue.Queue,
            Category = DeadLetterCategories.Broker,
            Reason = "",
            ContentType = message.BasicProperties.ContentType,
            Headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .OrderBy(h => h.Key, StringComparer.Ordinal)
                .ToDictionary(h => h.Key, h => Readable(h.Value)),
            Body = body,
            BodyEncoding = encoding,
        }, message, queue);
    }

    static T Fill<T>(T summary, BasicGetResult message, ConsumerQueue queue)
        where T : DeadLetterSummary
    {
        var headers = message.BasicProperties.Headers;
        var reason = Header(headers, DeadLetterHeaders.Reason);
        var brokerReason = Header(headers, "x-first-death-reason");
        return summary with
        {
            MessageId = message.BasicProperties.MessageId,
            MessageType = Header(headers, DeadLetterHeaders.MessageType),
            Category = Header(headers, DeadLetterHeaders.Category) ?? DeadLetterCategories.Broker,
            Reason = reason
                ?? (brokerReason is not null ? $"Dead-lettered by the broker ({brokerReason}) from {Header(headers, "x-first-death-queue") ?? queue.Queue}"
                    : Header(headers, "MT-Fault-Message") ?? "unknown"),
            ExceptionType = Header(headers, DeadLetterHeaders.ExceptionType) ?? Header(headers, "MT-Fault-ExceptionType"),
            Consumer = Header(headers, DeadLetterHeaders.Consumer) ?? Header(headers, "MT-Fault-ConsumerType"),
            Attempts = int.TryParse(Header(headers, DeadLetterHeaders.Attempts), CultureInfo.InvariantCulture, out var attempts) ? attempts : null,
            DeadLetteredAt = DateTimeOffset.TryParse(Header(headers, DeadLetterHeaders.Time), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var time) ? time : null,
            OriginalExchange = Header(headers, DeadLetterHeaders.OriginalExchange) ?? message.Exchange,
            OriginalRoutingKey = Header(headers, DeadLetterHeaders.OriginalRoutingKey),
            ReplayCount = int.TryParse(Header(headers, DeadLetterHeaders.ReplayCount), CultureInfo.InvariantCulture, out var replays) ? replays : 0,
        };
    }

    /// <summary>The dead letter's headers minus those describing its dead-lettering, plus a replay counter.</summary>
    static Dictionary<string, object?> ReplayHeaders(IDictionary<string, object?>? headers)
    {
        var replay = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in headers ?? new Dictionary<string, object?>())
        {
            if (key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("MT-Fault-", StringComparison.OrdinalIgnoreCase)
                || key.Equals("MT-Reason", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("x-death", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("x-first-death-", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("x-last-death-", StringComparison.OrdinalIgnoreCase)
                || key.Equals(DeadLetterHeaders.ReplayCount, StringComparison.OrdinalIgnoreCase))
                continue;
            replay[key] = value;
        }

        var previous = int.TryParse(Header(headers, DeadLetterHeaders.ReplayCount), CultureInfo.InvariantCulture, out var count) ? count : 0;
        replay[DeadLetterHeaders.ReplayCount] = previous + 1;
        return replay;
    }

    static string? Header(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value) ? Convert.ToString(Readable(value), CultureInfo.InvariantCulture) : null;

    /// <summary>AMQP header values as JSON-friendly values: strings arrive as bytes, tables and arrays nest.</summary>
    static object? Readable(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        AmqpTimestamp timestamp => DateTimeOffset.FromUnixTimeSeconds(timestamp.UnixTime),
        IDictionary<string, object?> table => table.ToDictionary(e => e.Key, e => Readable(e.Value)),
        IEnumerable<object?> list => list.Select(Readable).ToList(),
        string or bool or byte or sbyte or short or int or long or float or double or decimal => value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connectGate.Dispose();
        _operationGate.Dispose();
    }
}

/// <summary>The service's name as given to <c>AddMessaging</c> (prefix of its queues and broker connection names).</summary>
/// <param name="Name">Lower-case service name, e.g. <c>inventory</c>.</param>
public sealed record MessagingServiceName(string Name);
