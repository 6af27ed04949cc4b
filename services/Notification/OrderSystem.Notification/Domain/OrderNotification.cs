namespace OrderSystem.Notification.Domain;

/// <summary>
/// The one notification of a final order (unique per order): to whom, what, why, when and over which channel.
/// The record and the email commit or fail together as far as SMTP allows (see <c>OrderOutcomeNotifier</c> on duplicates).
/// </summary>
public sealed class OrderNotification
{
    /// <summary>Longest subject stored.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>Longest reason stored.</summary>
    public const int MaxReasonLength = 500;

    OrderNotification() { }

    /// <summary>Records a notification that was sent.</summary>
    public static OrderNotification Sent(Guid id, Guid orderId, string? customerId, NotificationKind kind, string recipient, string subject,
        string? reason, string channel, DateTimeOffset sentAt) => new()
        {
            Id = id,
            OrderId = orderId,
            CustomerId = customerId,
            Kind = kind,
            Recipient = recipient,
            Subject = Clip(subject, MaxSubjectLength)!,
            Reason = Clip(reason, MaxReasonLength),
            Channel = channel,
            SentAt = sentAt,
        };

    /// <summary>Notification id (<c>NotificationId</c> in <c>CustomerNotified</c>).</summary>
    public Guid Id { get; private set; }

    /// <summary>The final order; unique.</summary>
    public Guid OrderId { get; private set; }

    /// <summary>The customer the order belongs to (from the event); only they and admins see the notification.</summary>
    public string? CustomerId { get; private set; }

    /// <summary>Confirmed or cancelled.</summary>
    public NotificationKind Kind { get; private set; }

    /// <summary>The customer's email address.</summary>
    public string Recipient { get; private set; } = "";

    /// <summary>The email's subject.</summary>
    public string Subject { get; private set; } = "";

    /// <summary>The cancellation reason, when cancelled.</summary>
    public string? Reason { get; private set; }

    /// <summary><c>smtp</c> when mailed, <c>log</c> when only logged (no SMTP host configured).</summary>
    public string Channel { get; private set; } = "";

    public DateTimeOffset SentAt { get; private set; }

    static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
