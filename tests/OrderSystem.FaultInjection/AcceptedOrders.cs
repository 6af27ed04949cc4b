namespace OrderSystem.FaultInjection;

/// <summary>The orders of the running scenario in the order their 202 came back, for the probes and the soak sampler.</summary>
public sealed class AcceptedOrders
{
    readonly List<PlacedOrder> _orders = [];
    readonly Lock _lock = new();

    /// <summary>Records an accepted order (called by the load).</summary>
    public void Add(PlacedOrder order)
    {
        lock (_lock)
            _orders.Add(order);
    }

    /// <summary>Forgets everything (a new scenario starts).</summary>
    public void Clear()
    {
        lock (_lock)
            _orders.Clear();
    }

    /// <summary>The first order accepted at or after <paramref name="since"/> that <paramref name="matches"/>, or null.</summary>
    public PlacedOrder? FirstSince(DateTime since, Func<PlacedOrder, bool> matches)
    {
        lock (_lock)
            return _orders.FirstOrDefault(o => o.AcceptedAt >= since && matches(o));
    }

    /// <summary>Orders accepted in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public List<PlacedOrder> Between(DateTime from, DateTime to)
    {
        lock (_lock)
            return [.. _orders.Where(o => o.AcceptedAt >= from && o.AcceptedAt < to)];
    }
}
