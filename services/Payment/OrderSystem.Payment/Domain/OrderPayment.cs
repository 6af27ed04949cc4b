namespace OrderSystem.Payment.Domain;

/// <summary>
/// The one payment record of an order (unique per order): the payment method's id and last four digits, never a card number.
/// State changes go through methods; <see cref="Version"/> is the concurrency token that lets exactly one of two racing
/// writers (a replica's capture worker, a refund) win.
/// </summary>
public sealed class OrderPayment
{
    /// <summary>Longest reason stored.</summary>
    public const int MaxReasonLength = 500;

    OrderPayment() { }

    public Guid Id { get; private set; }

    /// <summary>The order paid for; unique.</summary>
    public Guid OrderId { get; private set; }

    public PaymentStatus Status { get; private set; }

    /// <summary>Amount requested (and captured, when captured).</summary>
    public decimal Amount { get; private set; }

    /// <summary>Last four digits of the card; null when no card was seen or the number was malformed.</summary>
    public string? CardLast4 { get; private set; }

    /// <summary>The customer the order belongs to; only they and admins see the record (null on records from before it was sent).</summary>
    public string? CustomerId { get; private set; }

    /// <summary>The payment method charged (<c>PaymentMethodId</c> of the request); null on tombstones and older records.</summary>
    public Guid? PaymentMethodId { get; private set; }

    /// <summary>Why it was declined, refunded or cancelled.</summary>
    public string? Reason { get; private set; }

    /// <summary>When the record was created.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the record last changed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When a pending authorisation is due to be captured.</summary>
    public DateTimeOffset? CaptureDueAt { get; private set; }

    /// <summary>When the amount was taken.</summary>
    public DateTimeOffset? CapturedAt { get; private set; }

    /// <summary>When the amount was given back.</summary>
    public DateTimeOffset? RefundedAt { get; private set; }

    /// <summary>Optimistic concurrency token; incremented by every change.</summary>
    public int Version { get; private set; }

    /// <summary>Records whose order this is (the customer id from <c>PaymentRequestedV2</c>); returns the same payment.</summary>
    public OrderPayment OwnedBy(string? customerId)
    {
        CustomerId = customerId;
        return this;
    }

    /// <summary>An approved payment, captured at once.</summary>
    public static OrderPayment CaptureNow(Guid id, Guid orderId, decimal amount, string? cardLast4, DateTimeOffset now) =>
        new() { Id = id, OrderId = orderId, Amount = amount, CardLast4 = cardLast4, Status = PaymentStatus.Captured, CreatedAt = now, UpdatedAt = now, CapturedAt = now, Version = 1 };

    /// <summary>An approved payment whose capture happens at <paramref name="dueAt"/>.</summary>
    public static OrderPayment CaptureLater(Guid id, Guid orderId, decimal amount, string? cardLast4, DateTimeOffset dueAt, DateTimeOffset now) =>
        new() { Id = id, OrderId = orderId, Amount = amount, CardLast4 = cardLast4, Status = PaymentStatus.Pending, CreatedAt = now, UpdatedAt = now, CaptureDueAt = dueAt, Version = 1 };

    /// <summary>A refused payment.</summary>
    public static OrderPayment Decline(Guid id, Guid orderId, decimal amount, string? cardLast4, string reason, DateTimeOffset now) =>
        new() { Id = id, OrderId = orderId, Amount = amount, CardLast4 = cardLast4, Status = PaymentStatus.Declined, Reason = Clip(reason), CreatedAt = now, UpdatedAt = now, Version = 1 };

    /// <summary>
    /// A tombstone: the refund (compensation) arrived before the payment request, so a later request for this order
    /// must be declined instead of charged.
    /// </summary>
    public static OrderPayment CancelBeforeRequest(Guid id, Guid orderId, string reason, DateTimeOffset now) =>
        new() { Id = id, OrderId = orderId, Amount = 0, Status = PaymentStatus.Cancelled, Reason = Clip($"Cancelled before the payment was requested: {reason}"), CreatedAt = now, UpdatedAt = now, Version = 1 };

    /// <summary>Records the payment method the order was charged to; returns the same payment.</summary>
    public OrderPayment PaidWith(Guid paymentMethodId)
    {
        PaymentMethodId = paymentMethodId;
        return this;
    }

    /// <summary>Captures a pending payment. False (and no change) unless it is pending: a payment is never captured twice.</summary>
    public bool CaptureDue(DateTimeOffset now)
    {
        if (Status != PaymentStatus.Pending)
            return false;
        Status = PaymentStatus.Captured;
        CapturedAt = now;
        Touch(now);
        return true;
    }

    /// <summary>Undoes whatever was done: refunds a capture, cancels a pending capture; never refunds twice.</summary>
    public RefundOutcome Refund(string reason, DateTimeOffset now)
    {
        switch (Status)
        {
            case PaymentStatus.Captured:
                Status = PaymentStatus.Refunded;
                RefundedAt = now;
                Reason = Clip(reason);
                Touch(now);
                return RefundOutcome.Refunded;
            case PaymentStatus.Pending:
                Status = PaymentStatus.Cancelled;
                Reason = Clip($"Cancelled before capture: {reason}");
                Touch(now);
                return RefundOutcome.PendingCancelled;
            case PaymentStatus.Refunded:
                return RefundOutcome.AlreadyRefunded;
            default:
                return RefundOutcome.NothingTaken;
        }
    }

    void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    static string Clip(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
}
