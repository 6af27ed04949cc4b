using System.Text.Json;

namespace OrderSystem.FaultInjection;

/// <summary>What the services say about the orders of a scenario, read over their HTTP APIs.</summary>
public sealed class Observation
{
    /// <summary>Order id → GET /orders/{id} (null: 404).</summary>
    public Dictionary<Guid, JsonElement?> Orders { get; } = [];

    /// <summary>Order id → the payment records of GET /payments?orderId=.</summary>
    public Dictionary<Guid, List<JsonElement>> Payments { get; } = [];

    /// <summary>Order id → the notifications of GET /notifications?orderId=.</summary>
    public Dictionary<Guid, List<JsonElement>> Notifications { get; } = [];

    /// <summary>SKU → GET /products/{sku}.</summary>
    public Dictionary<string, JsonElement> Products { get; } = [];

    /// <summary>DLQ name → messages (null when the management API could not be asked).</summary>
    public Dictionary<string, long>? DeadLetterDepths { get; set; }

    /// <summary>The messages in the DLQs (peeked without removing them).</summary>
    public List<PeekedMessage> DeadLetters { get; } = [];
}
