namespace OrderSystem.Contracts;

/// <summary>The saga asks Payment to refund a captured payment (compensation).</summary>
[EventRoute(Exchanges.Order, "order.refund-requested")]
public sealed record RefundRequested(Guid OrderId, string Reason, DateTimeOffset OccurredAt) : IOrderEvent;
