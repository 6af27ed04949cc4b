namespace OrderSystem.Order.Domain;

/// <summary>One priced order line.</summary>
public sealed record OrderItem(string Sku, string Name, int Quantity, decimal UnitPrice)
{
    /// <summary>Quantity times unit price.</summary>
    public decimal LineTotal => Quantity * UnitPrice;
}
