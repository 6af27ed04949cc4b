namespace OrderSystem.Order.Domain;

/// <summary>Where an order stands. Only <see cref="Confirmed"/> and <see cref="Cancelled"/> are final.</summary>
public enum OrderStatus
{
    /// <summary>Accepted; waiting for Inventory to reserve stock.</summary>
    Placed,

    /// <summary>Stock reserved; waiting for the payment.</summary>
    StockReserved,

    /// <summary>Payment captured; waiting for the reservation to become a sale.</summary>
    PaymentCaptured,

    /// <summary>Something failed or the customer cancelled; compensation (release, refund) is under way.</summary>
    Cancelling,

    /// <summary>Final: stock sold and payment captured.</summary>
    Confirmed,

    /// <summary>Final: everything done before was undone.</summary>
    Cancelled,
}
