using System.Text.Json;

namespace OrderSystem.FaultInjection;

/// <summary>What the services say about the orders of a scenario, read over their HTTP APIs.</summary>
public sealed class Observation
{
    /// <summary>False when a list changed while it was paged through: the rows may be incomplete, so look again.</summary>
    public bool Stable { get; set; } = true;

    /// <summary>Rows listed by the order, payment and notification services (all scenarios' orders, not only these).</summary>
    public (int Orders, int Payments, int Notifications) Totals { get; set; }

    /// <summary>Order id → its row of GET /orders (null: not listed).</summary>
    public Dictionary<Guid, JsonElement?> Orders { get; } = [];

    /// <summary>Order id → the payment records of GET /payments.</summary>
    public Dictionary<Guid, List<JsonElement>> Payments { get; } = [];

    /// <summary>Order id → the notifications of GET /notifications.</summary>
    public Dictionary<Guid, List<JsonElement>> Notifications { get; } = [];

    /// <summary>SKU → GET /products/{sku}.</summary>
    public Dictionary<string, JsonElement> Products { get; } = [];

    /// <summary>DLQ name → messages (null when the management API could not be asked).</summary>
    public Dictionary<string, long>? DeadLetterDepths { get; set; }

    /// <summary>The messages in the DLQs (peeked without removing them).</summary>
    public List<PeekedMessage> DeadLetters { get; } = [];
}
