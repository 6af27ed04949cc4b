namespace OrderSystem.Inventory.Domain;

/// <summary>What <see cref="Reservation.Sell"/> did.</summary>
public enum SaleOutcome
{
    /// <summary>The held stock was sold.</summary>
    Sold,

    /// <summary>Sold before (a repeated confirmation); nothing changed.</summary>
    AlreadySold,

    /// <summary>Nothing is held (released, rejected or tombstone); nothing can be sold.</summary>
    NotHeld,
}
