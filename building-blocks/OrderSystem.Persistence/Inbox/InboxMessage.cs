namespace OrderSystem.Persistence.Inbox;

/// <summary>
/// Records that a consumer processed a message. Its primary key (message id, consumer id) is what makes
/// consumers idempotent: a redelivered or duplicated message finds its row and is acknowledged without effect.
/// </summary>
public sealed class InboxMessage
{
    /// <summary>MassTransit message id of the consumed message.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Stable id of the consumer (derived from its queue and type).</summary>
    public Guid ConsumerId { get; set; }

    /// <summary>Readable consumer name, for people looking at the table.</summary>
    public string ConsumerType { get; set; } = "";

    /// <summary>When the message was processed (UTC); rows older than the dedup window are cleaned up.</summary>
    public DateTime ConsumedAt { get; set; }
}
