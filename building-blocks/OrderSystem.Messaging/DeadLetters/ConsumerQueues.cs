using System.Collections.Concurrent;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// The service's consumer queues, collected while MassTransit configures its receive endpoints, so that the admin
/// API, the health check and the metrics know exactly which dead-letter queues belong to this service.
/// </summary>
public sealed class ConsumerQueues
{
    readonly ConcurrentDictionary<string, ConsumerQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>Every consumer queue, ordered by name.</summary>
    public IReadOnlyList<ConsumerQueue> All => [.. _queues.Values.OrderBy(q => q.Queue, StringComparer.Ordinal)];

    /// <summary>Records a configured receive endpoint.</summary>
    public void Add(string queueName) => _queues.TryAdd(queueName, new ConsumerQueue(queueName, DeadLetterQueueNames.For(queueName)));

    /// <summary>Finds a queue by its name or by its dead-letter queue's name.</summary>
    public ConsumerQueue? Find(string name) =>
        _queues.TryGetValue(name, out var queue) ? queue
        : name.EndsWith(DeadLetterQueueNames.Suffix, StringComparison.Ordinal)
            && _queues.TryGetValue(name[..^DeadLetterQueueNames.Suffix.Length], out var byDeadLetter) ? byDeadLetter
            : null;
}
