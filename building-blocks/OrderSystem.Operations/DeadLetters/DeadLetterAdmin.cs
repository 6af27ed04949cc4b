using Microsoft.Extensions.Logging;
using OrderSystem.Messaging.DeadLetters;
using RabbitMQ.Client;

namespace OrderSystem.Operations.DeadLetters;

/// <summary>
/// Lists, replays and discards the service's dead letters (the admin API's operations), reading the queues through
/// <see cref="DeadLetterBrowser"/>. Every replay and discard is written to the audit log.
/// </summary>
/// <remarks>
/// Operations of this process are serialised so that one does not hide messages from another while it holds them
/// unacknowledged; two replicas listing the same dead-letter queue at the same instant may each see part of it.
/// Replay publishes a copy to the queue it failed in (through the queue's own exchange, keeping message id, properties and
/// the original routing key), waits for the broker's publisher confirm, and only then acknowledges the dead letter.
/// </remarks>
public sealed class DeadLetterAdmin : IDisposable
{
    const string ReplayAction = "replay";
    const string DiscardAction = "discard";

    readonly DeadLetterBrowser _browser;
    readonly ConsumerQueues _queues;
    readonly ILogger _audit;
    readonly SemaphoreSlim _operationGate = new(1, 1);

    /// <summary>Audit entries go to category <c>OrderSystem.Messaging.DeadLetters.Audit</c>, the name operators filter on.</summary>
    public DeadLetterAdmin(DeadLetterBrowser browser, ConsumerQueues queues, ILoggerFactory loggerFactory)
    {
        _browser = browser;
        _queues = queues;
        _audit = loggerFactory.CreateLogger("OrderSystem.Messaging.DeadLetters.Audit");
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
                var depth = await _browser.GetDepthAsync(current.DeadLetterQueue, cancellationToken);
                var skip = Math.Max(0, offset - total);
                total += depth;
                if (items.Count >= limit || skip >= depth)
                    continue;

                var take = (int)Math.Min(limit - items.Count, depth - skip);
                await _browser.ScanAsync(current, (_, message, index) =>
                {
                    if (index >= skip)
                        items.Add(DeadLetterMapping.Summarize(message, current));
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
                await _browser.ScanAsync(current, (_, message, _) =>
                {
                    if (DeadLetterMapping.Matches(message, id))
                        found = DeadLetterMapping.Detail(message, current);
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
                await _browser.ScanAsync(current, async (channel, message, _) =>
                {
                    if (!DeadLetterMapping.Matches(message, id))
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
                await _browser.TakeAllAsync(current, async (channel, message) =>
                    handled.Add(await HandleAsync(action, channel, message, current, cancellationToken)),
                    cancellationToken, confirms: action == ReplayAction);
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
        var summary = DeadLetterMapping.Summarize(message, queue);
        if (action == ReplayAction)
        {
            var properties = new BasicProperties(message.BasicProperties) { Headers = DeadLetterMapping.ReplayHeaders(message.BasicProperties.Headers) };
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

    /// <summary>Releases the operation gate; the broker connection belongs to <see cref="DeadLetterBrowser"/>.</summary>
    public void Dispose() => _operationGate.Dispose();
}
