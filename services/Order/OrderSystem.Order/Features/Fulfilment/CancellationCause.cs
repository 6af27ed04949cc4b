namespace OrderSystem.Order.Features.Fulfilment;

/// <summary>
/// Why the saga gave an order up, set by the transition that did it. The free-text reason is for people; this is what
/// the cancellation metric is labelled with, so a reworded reason (Inventory writes the out-of-stock one) cannot move it.
/// </summary>
public enum CancellationCause
{
    /// <summary>Inventory could not reserve every line.</summary>
    OutOfStock,

    /// <summary>Payment declined the charge.</summary>
    PaymentDeclined,

    /// <summary>Payment did not answer within the payment timeout.</summary>
    PaymentTimedOut,

    /// <summary>The customer asked to cancel.</summary>
    CustomerRequest,
}
