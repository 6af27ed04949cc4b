namespace OrderSystem.Contracts;

/// <summary>The order's payment was captured.</summary>
[EventRoute(Exchanges.Payment, "payment.captured")]
public sealed record PaymentCaptured(Guid OrderId, Guid PaymentId, decimal Amount, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>The order's payment was declined.</summary>
[EventRoute(Exchanges.Payment, "payment.declined")]
public sealed record PaymentDeclined(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;

/// <summary>A captured payment was refunded (or there was nothing to refund).</summary>
[EventRoute(Exchanges.Payment, "payment.refunded")]
public sealed record PaymentRefunded(Guid OrderId, Guid? PaymentId, decimal Amount, DateTimeOffset OccurredAt) : IOrderEvent;
