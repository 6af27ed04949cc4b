namespace OrderSystem.Inventory.Domain;

/// <summary>What <see cref="Reservation.Release"/> did.</summary>
public enum ReleaseOutcome
{
    /// <summary>The held stock was given back.</summary>
    Released,

    /// <summary>Released before (a repeated request, or a tombstone); nothing changed.</summary>
    AlreadyReleased,

    /// <summary>The order was rejected; nothing was ever held.</summary>
    NothingHeld,

    /// <summary>The stock was sold already and is not given back.</summary>
    AlreadySold,
}
