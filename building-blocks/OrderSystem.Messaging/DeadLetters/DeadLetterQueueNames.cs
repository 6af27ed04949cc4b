using MassTransit;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Dead-letter queue of queue <c>q</c> is <c>q.dlq</c>, reached through the fanout exchange of the same name. Used for
/// MassTransit's error transport (faults), its dead-letter transport (unhandled types) and the queue's
/// <c>x-dead-letter-exchange</c> (anything the broker itself dead-letters): one place to look.
/// </summary>
public sealed class DeadLetterQueueNames : IErrorQueueNameFormatter, IDeadLetterQueueNameFormatter
{
    /// <summary>Suffix of every dead-letter queue.</summary>
    public const string Suffix = ".dlq";

    /// <summary>The dead-letter queue (and exchange) of <paramref name="queueName"/>.</summary>
    public static string For(string queueName) => queueName + Suffix;

    public string FormatErrorQueueName(string queueName) => For(queueName);

    public string FormatDeadLetterQueueName(string queueName) => For(queueName);
}
