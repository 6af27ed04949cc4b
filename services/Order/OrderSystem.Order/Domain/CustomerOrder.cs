namespace OrderSystem.Order.Domain;

/// <summary>An order as the customer sees it. State changes go through methods that keep the history.</summary>
public sealed class CustomerOrder
{
    readonly List<OrderItem> _items = [];
    readonly List<OrderHistoryEntry> _history = [];

    CustomerOrder() { }

    /// <summary>Creates a placed order from lines already priced from the catalogue replica.</summary>
    public static CustomerOrder Place(Guid id, string customerId, string customerEmail, IEnumerable<OrderItem> items, DateTimeOffset now)
    {
        var order = new CustomerOrder { Id = id, CustomerId = customerId, CustomerEmail = customerEmail, PlacedAt = now, Status = OrderStatus.Placed };
        order._items.AddRange(items);
        if (order._items.Count == 0)
            throw new InvalidOperationException("An order needs at least one item.");
        order.Total = order._items.Sum(i => i.LineTotal);
        order.Record("OrderPlaced", now);
        return order;
    }

    /// <summary>Order id; also the saga's correlation id.</summary>
    public Guid Id { get; private set; }

    /// <summary>The customer's id as given by the client.</summary>
    public string CustomerId { get; private set; } = "";

    /// <summary>Where notifications go.</summary>
    public string CustomerEmail { get; private set; } = "";

    public OrderStatus Status { get; private set; }

    public decimal Total { get; private set; }

    /// <summary>Why the order was cancelled, when it was.</summary>
    public string? CancellationReason { get; private set; }

    /// <summary>When the order was accepted.</summary>
    public DateTimeOffset PlacedAt { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<OrderItem> Items => _items;

    /// <summary>Every event the order went through, oldest first.</summary>
    public IReadOnlyList<OrderHistoryEntry> History => _history;

    /// <summary>True once the order is Confirmed or Cancelled.</summary>
    public bool IsFinal => Status is OrderStatus.Confirmed or OrderStatus.Cancelled;

    /// <summary>Moves to <paramref name="status"/> and records <paramref name="eventName"/> in the history.</summary>
    public void Advance(OrderStatus status, string eventName, DateTimeOffset at, string? detail = null)
    {
        if (IsFinal)
            return; // Late events never reopen a final order.
        Status = status;
        if (status == OrderStatus.Cancelled)
            CancellationReason ??= detail;
        Record(eventName, at, detail);
    }

    /// <summary>Adds a history entry without changing the status (e.g. a compensation step).</summary>
    public void Record(string eventName, DateTimeOffset at, string? detail = null)
    {
        _history.Add(new OrderHistoryEntry(eventName, at, detail));
        Version++;
    }
}
