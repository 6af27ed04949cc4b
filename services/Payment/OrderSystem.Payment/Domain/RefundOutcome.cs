namespace OrderSystem.Payment.Domain;

/// <summary>What a refund request did to a payment.</summary>
public enum RefundOutcome
{
    /// <summary>A capture was refunded now.</summary>
    Refunded,

    /// <summary>The capture had been refunded before; nothing happened.</summary>
    AlreadyRefunded,

    /// <summary>A pending capture was cancelled now: it will never be captured.</summary>
    PendingCancelled,

    /// <summary>Nothing had been taken (declined or already cancelled); nothing happened.</summary>
    NothingTaken,
}
