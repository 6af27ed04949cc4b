namespace OrderSystem.Messaging.DeadLetters;

/// <summary>One consumer queue of the service and its dead-letter queue.</summary>
/// <param name="Queue">The consumer queue, e.g. <c>inventory.order-placed</c>.</param>
/// <param name="DeadLetterQueue">Its dead-letter queue, e.g. <c>inventory.order-placed.dlq</c>.</param>
public sealed record ConsumerQueue(string Queue, string DeadLetterQueue);
