namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// One committed database transaction that published messages. The relay locks these rows (skipping rows other
/// replicas hold) so each transaction's messages are delivered by one relay, in order.
/// </summary>
public sealed class OutboxTransaction
{
    /// <summary>Identifies the transaction's messages.</summary>
    public Guid OutboxId { get; set; }

    /// <summary>When the first message was written (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// When the messages may be delivered (UTC): the commit time for ordinary publishes, later for scheduled sends
    /// (saga timeouts). The relay delivers available transactions oldest first. This is what makes scheduling durable
    /// without RabbitMQ's delayed-message plugin.
    /// </summary>
    public DateTime AvailableAt { get; set; }

    /// <summary>Failed delivery attempts; each failure pushes <see cref="AvailableAt"/> back (capped back-off).</summary>
    public int Attempts { get; set; }

    /// <summary>Why the last attempt failed, for people looking at a stuck row.</summary>
    public string? LastError { get; set; }
}
