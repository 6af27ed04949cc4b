namespace OrderSystem.Payment.Domain;

/// <summary>Where a payment stands.</summary>
public enum PaymentStatus
{
    /// <summary>Authorised, capture scheduled for <see cref="OrderPayment.CaptureDueAt"/> (the delayed-approval test card).</summary>
    Pending,

    /// <summary>The amount was taken.</summary>
    Captured,

    /// <summary>The card was refused; nothing was taken.</summary>
    Declined,

    /// <summary>The captured amount was given back.</summary>
    Refunded,

    /// <summary>Cancelled before anything was taken: a pending capture was called off, or the order was cancelled before its payment was requested.</summary>
    Cancelled,
}
