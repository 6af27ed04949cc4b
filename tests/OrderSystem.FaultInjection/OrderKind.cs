namespace OrderSystem.FaultInjection;

/// <summary>What an order of the mixed load is meant to exercise.</summary>
public enum OrderKind
{
    /// <summary>4242424242424242: captured at once, normally Confirmed.</summary>
    Approved,

    /// <summary>4000000000000002 / 4000000000009995: declined, always Cancelled.</summary>
    Declined,

    /// <summary>More units than the scarce product ever had: never reserved, always Cancelled.</summary>
    OutOfStock,

    /// <summary>A few units of the scarce product: the last units are raced for; Confirmed or Cancelled.</summary>
    LastUnits,

    /// <summary>4000000000000259, then POST /orders/{id}/cancel: always Cancelled, the pending payment voided.</summary>
    CustomerCancelled,

    /// <summary>4000000000000259: approval after the saga's payment timeout; Cancelled, the late capture refunded.</summary>
    LateApproval,
}
