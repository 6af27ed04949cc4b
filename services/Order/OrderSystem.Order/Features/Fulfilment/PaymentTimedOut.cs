namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>The payment deadline passed (a scheduled message, sent to the saga's own queue; not an integration event).</summary>
public sealed record PaymentTimedOut(Guid OrderId);
