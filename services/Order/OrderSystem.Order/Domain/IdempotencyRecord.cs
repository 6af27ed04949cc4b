namespace OrderSystem.Order.Domain;

/// <summary>
/// Remembers the answer to a <c>POST /orders</c> sent with an <c>Idempotency-Key</c>, so a client retrying after a
/// timeout gets the first answer instead of a second order.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The client's key.</summary>
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the request body; the same key with another body is refused.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>The order the first request created.</summary>
    public Guid OrderId { get; set; }

    /// <summary>When the first request was answered.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
