namespace OrderSystem.Contracts;

/// <summary>The order's payment was declined.</summary>
[EventRoute(Exchanges.Payment, "payment.declined")]
public sealed record PaymentDeclined(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;
