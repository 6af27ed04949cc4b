namespace OrderSystem.Contracts;

/// <summary>A captured payment was refunded (or there was nothing to refund).</summary>
[EventRoute(Exchanges.Payment, "payment.refunded")]
public sealed record PaymentRefunded(Guid OrderId, Guid? PaymentId, decimal Amount, DateTimeOffset OccurredAt) : IOrderEvent;
