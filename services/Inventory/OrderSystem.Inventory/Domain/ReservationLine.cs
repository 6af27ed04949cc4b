namespace OrderSystem.Inventory.Domain;

/// <summary>Units of one SKU held for an order.</summary>
public sealed class ReservationLine
{
    ReservationLine() { }

    /// <summary>Creates a line.</summary>
    public ReservationLine(string sku, int quantity)
    {
        Sku = sku;
        Quantity = quantity;
    }

    public string Sku { get; private set; } = "";

    /// <summary>Units reserved.</summary>
    public int Quantity { get; private set; }
}
