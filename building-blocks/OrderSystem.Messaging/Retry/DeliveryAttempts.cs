namespace OrderSystem.Messaging.Retry;

/// <summary>How many times the consumer ran for the current delivery; read when the message is dead-lettered.</summary>
sealed class DeliveryAttempts
{
    public int Count { get; set; } = 1;
}
