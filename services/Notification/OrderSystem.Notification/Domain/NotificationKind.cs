namespace OrderSystem.Notification.Domain;

/// <summary>What the customer is told.</summary>
public enum NotificationKind
{
    /// <summary>The order was confirmed.</summary>
    OrderConfirmed,

    /// <summary>The order was cancelled (with the reason).</summary>
    OrderCancelled,
}
