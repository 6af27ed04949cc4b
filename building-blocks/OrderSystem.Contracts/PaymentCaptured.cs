namespace OrderSystem.Contracts;

/// <summary>The order's payment was captured.</summary>
[EventRoute(Exchanges.Payment, "payment.captured")]
public sealed record PaymentCaptured(Guid OrderId, Guid PaymentId, decimal Amount, DateTimeOffset OccurredAt) : IOrderEvent;
