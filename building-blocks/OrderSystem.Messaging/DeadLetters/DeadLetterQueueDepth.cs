namespace OrderSystem.Messaging.DeadLetters;

/// <summary>A consumer queue's dead-letter queue and how many messages wait in it.</summary>
/// <param name="Queue">The consumer queue.</param>
/// <param name="DeadLetterQueue">Its dead-letter queue.</param>
/// <param name="Depth">Messages waiting in the dead-letter queue (0 if it does not exist yet).</param>
public sealed record DeadLetterQueueDepth(string Queue, string DeadLetterQueue, long Depth);
