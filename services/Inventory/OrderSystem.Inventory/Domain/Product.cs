namespace OrderSystem.Inventory.Domain;

/// <summary>
/// A product with its stock. Invariants: 0 ≤ Reserved ≤ OnHand, Sold ≥ 0; Available = OnHand − Reserved.
/// Every change increments <see cref="Version"/>, the optimistic concurrency token: two writers that read the same
/// version cannot both save, so stock is never promised twice.
/// </summary>
public sealed class Product
{
    Product() { }

    /// <summary>Creates a product with nothing reserved or sold.</summary>
    public static Product Create(string sku, string name, decimal unitPrice, int onHand)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(onHand);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        return new Product { Sku = sku, Name = name, UnitPrice = unitPrice, OnHand = onHand, Version = 1 };
    }

    /// <summary>Stock keeping unit; the key.</summary>
    public string Sku { get; private set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; private set; } = "";

    public decimal UnitPrice { get; private set; }

    /// <summary>Units physically in stock (reserved ones included).</summary>
    public int OnHand { get; private set; }

    /// <summary>Units promised to orders not yet confirmed or cancelled.</summary>
    public int Reserved { get; private set; }

    /// <summary>Units sold since the product was created; they have left <see cref="OnHand"/>.</summary>
    public int Sold { get; private set; }

    /// <summary>Units that can still be reserved.</summary>
    public int Available => OnHand - Reserved;

    /// <summary>Concurrency token, and the version carried by <c>ProductUpdated</c>.</summary>
    public long Version { get; private set; }

    /// <summary>True if <paramref name="quantity"/> more units can be reserved.</summary>
    public bool CanReserve(long quantity) => quantity > 0 && quantity <= Available;

    /// <summary>Reserves units; the caller checked <see cref="CanReserve"/>.</summary>
    /// <exception cref="InvalidOperationException">Not that many units are available.</exception>
    public void Reserve(int quantity)
    {
        if (!CanReserve(quantity))
            throw new InvalidOperationException($"Cannot reserve {quantity} of {Sku}: {Available} available.");
        Reserved += quantity;
        Version++;
    }

    /// <summary>Gives reserved units back.</summary>
    /// <exception cref="InvalidOperationException">Fewer units are reserved (a release would corrupt the stock).</exception>
    public void Release(int quantity)
    {
        if (quantity <= 0 || quantity > Reserved)
            throw new InvalidOperationException($"Cannot release {quantity} of {Sku}: {Reserved} reserved.");
        Reserved -= quantity;
        Version++;
    }

    /// <summary>Turns reserved units into a sale: they leave the stock.</summary>
    /// <exception cref="InvalidOperationException">Fewer units are reserved (only reserved units can be sold).</exception>
    public void Sell(int quantity)
    {
        if (quantity <= 0 || quantity > Reserved)
            throw new InvalidOperationException($"Cannot sell {quantity} of {Sku}: {Reserved} reserved.");
        Reserved -= quantity;
        OnHand -= quantity;
        Sold += quantity;
        Version++;
    }

    /// <summary>True if the stock on hand may be set to <paramref name="onHand"/> (never below what is reserved).</summary>
    public bool CanSetOnHand(int onHand) => onHand >= 0 && onHand >= Reserved;

    /// <summary>Sets the stock on hand (a stock count); cannot go below what is reserved.</summary>
    /// <exception cref="InvalidOperationException">The new figure is negative or below the reserved units.</exception>
    public void SetOnHand(int onHand)
    {
        if (!CanSetOnHand(onHand))
            throw new InvalidOperationException($"On hand cannot be set to {onHand}: {Reserved} units are reserved.");
        OnHand = onHand;
        Version++;
    }

    /// <summary>Changes name and price.</summary>
    public void Describe(string name, decimal unitPrice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        Name = name;
        UnitPrice = unitPrice;
        Version++;
    }
}
