namespace OrderSystem.Contracts;

/// <summary>One priced line of an order.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);
