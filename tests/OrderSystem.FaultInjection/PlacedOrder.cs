namespace OrderSystem.FaultInjection;

/// <summary>One order the load tried to place.</summary>
public sealed class PlacedOrder(OrderKind kind, string idempotencyKey, IReadOnlyList<(string Sku, int Quantity)> lines, string card)
{
    /// <summary>The test card.</summary>
    public string Card { get; } = card;

    /// <summary>What it exercises.</summary>
    public OrderKind Kind { get; } = kind;

    /// <summary>The Idempotency-Key every retry of the POST carries.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>The requested lines.</summary>
    public IReadOnlyList<(string Sku, int Quantity)> Lines { get; } = lines;

    /// <summary>Set once POST /orders answered 202.</summary>
    public Guid? OrderId { get; set; }

    /// <summary>The final answer when it was not 202 (a 4xx, or "no answer" after the retry deadline).</summary>
    public string? Rejection { get; set; }

    /// <summary>POST attempts made (retries after 5xx, timeouts, refused connections).</summary>
    public int Attempts { get; set; }

    /// <summary>When the 202 came back (UTC).</summary>
    public DateTime? AcceptedAt { get; set; }
}
