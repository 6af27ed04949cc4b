namespace OrderSystem.Contracts;

/// <summary>The customer was told about a final order.</summary>
[EventRoute(Exchanges.Notification, "notification.sent")]
public sealed record CustomerNotified(Guid OrderId, Guid NotificationId, string Kind, DateTimeOffset OccurredAt) : IOrderEvent;
