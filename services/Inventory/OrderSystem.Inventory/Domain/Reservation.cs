namespace OrderSystem.Inventory.Domain;

/// <summary>
/// What Inventory decided for one order, kept so each decision is taken once: the stock held (Reserved), given back
/// (Released), sold (Sold) or never held (Rejected). One row per order, whatever arrives first: a release request that
/// overtakes the order leaves a Released tombstone, so the late order reserves nothing.
/// </summary>
public sealed class Reservation
{
    /// <summary>Longest reason stored.</summary>
    public const int MaxReasonLength = 500;

    readonly List<ReservationLine> _lines = [];

    Reservation() { }

    /// <summary>The order; the key.</summary>
    public Guid OrderId { get; private set; }

    /// <summary>Where the reservation stands.</summary>
    public ReservationStatus Status { get; private set; }

    /// <summary>Why it was rejected or released.</summary>
    public string? Reason { get; private set; }

    /// <summary>Stock held per SKU (empty when nothing was ever held).</summary>
    public IReadOnlyList<ReservationLine> Lines => _lines;

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>Released before the order was ever seen: a later <c>OrderPlaced</c> for it must reserve nothing.</summary>
    public bool IsTombstone => Status == ReservationStatus.Released && _lines.Count == 0;

    /// <summary>
    /// Reserves every line of an order or none. Quantities of the same SKU are added up; an unknown SKU, a quantity
    /// that is not positive or a shortage on any line rejects the whole order and leaves every product untouched.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="lines">The order's lines.</param>
    /// <param name="products">The products the lines name, by SKU (missing ones count as unknown).</param>
    /// <param name="now">The current time.</param>
    /// <returns>A Reserved reservation, or a Rejected one whose <see cref="Reason"/> lists every shortage.</returns>
    public static Reservation Place(Guid orderId, IEnumerable<(string Sku, int Quantity)> lines,
        IReadOnlyDictionary<string, Product> products, DateTimeOffset now)
    {
        var lineList = lines.ToList();
        if (lineList.Count == 0)
            return Reject(orderId, "The order has no lines.", now);
        if (lineList.Any(l => l.Quantity <= 0 || string.IsNullOrEmpty(l.Sku)))
            return Reject(orderId, "The order has a line without a SKU or with a quantity that is not positive.", now);

        // long: the sum of several large quantities must not wrap around and look reservable.
        var wanted = lineList
            .GroupBy(l => l.Sku, StringComparer.Ordinal)
            .Select(g => (Sku: g.Key, Quantity: g.Sum(l => (long)l.Quantity)))
            .ToList();

        var shortages = new List<string>();
        foreach (var (sku, quantity) in wanted)
        {
            if (!products.TryGetValue(sku, out var product))
                shortages.Add($"{sku}: unknown product");
            else if (!product.CanReserve(quantity))
                shortages.Add($"{sku}: {quantity} wanted, {product.Available} available");
        }

        if (shortages.Count > 0)
            return Reject(orderId, "Insufficient stock: " + string.Join("; ", shortages), now);

        var reservation = new Reservation { OrderId = orderId, Status = ReservationStatus.Reserved, CreatedAt = now, UpdatedAt = now };
        foreach (var (sku, quantity) in wanted)
        {
            products[sku].Reserve((int)quantity);
            reservation._lines.Add(new ReservationLine(sku, (int)quantity));
        }

        return reservation;
    }

    /// <summary>Records a release request for an order not seen yet, so that the order is ignored when it arrives.</summary>
    public static Reservation Tombstone(Guid orderId, string reason, DateTimeOffset now) => new()
    {
        OrderId = orderId,
        Status = ReservationStatus.Released,
        Reason = Truncate(reason),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Gives the held stock back. Only a Reserved reservation changes; anything else reports why not.</summary>
    /// <param name="products">The products of <see cref="Lines"/>, by SKU.</param>
    /// <param name="reason">Why the stock is released.</param>
    /// <param name="now">The current time.</param>
    public ReleaseOutcome Release(IReadOnlyDictionary<string, Product> products, string reason, DateTimeOffset now)
    {
        switch (Status)
        {
            case ReservationStatus.Released:
                return ReleaseOutcome.AlreadyReleased;
            case ReservationStatus.Rejected:
                return ReleaseOutcome.NothingHeld;
            case ReservationStatus.Sold:
                return ReleaseOutcome.AlreadySold;
        }

        foreach (var line in _lines)
            ProductOf(products, line).Release(line.Quantity);
        Status = ReservationStatus.Released;
        Reason = Truncate(reason);
        Touch(now);
        return ReleaseOutcome.Released;
    }

    /// <summary>Turns the held stock into a sale. Only a Reserved reservation changes; anything else reports why not.</summary>
    /// <param name="products">The products of <see cref="Lines"/>, by SKU.</param>
    /// <param name="now">The current time.</param>
    public SaleOutcome Sell(IReadOnlyDictionary<string, Product> products, DateTimeOffset now)
    {
        switch (Status)
        {
            case ReservationStatus.Sold:
                return SaleOutcome.AlreadySold;
            case ReservationStatus.Released or ReservationStatus.Rejected:
                return SaleOutcome.NotHeld;
        }

        foreach (var line in _lines)
            ProductOf(products, line).Sell(line.Quantity);
        Status = ReservationStatus.Sold;
        Touch(now);
        return SaleOutcome.Sold;
    }

    static Reservation Reject(Guid orderId, string reason, DateTimeOffset now) => new()
    {
        OrderId = orderId,
        Status = ReservationStatus.Rejected,
        Reason = Truncate(reason),
        CreatedAt = now,
        UpdatedAt = now,
    };

    static Product ProductOf(IReadOnlyDictionary<string, Product> products, ReservationLine line) =>
        products.TryGetValue(line.Sku, out var product)
            ? product
            : throw new InvalidOperationException($"Product {line.Sku} of a reservation is missing.");

    void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    static string Truncate(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
}
