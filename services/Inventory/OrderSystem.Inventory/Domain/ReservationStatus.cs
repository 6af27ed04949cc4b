namespace OrderSystem.Inventory.Domain;

/// <summary>Lifecycle of a reservation: Reserved → Released or Sold; Rejected and tombstones (Released, no lines) are final.</summary>
public enum ReservationStatus
{
    /// <summary>Stock is held for the order.</summary>
    Reserved,

    /// <summary>Held stock was given back (compensation), or the release came before the order (tombstone).</summary>
    Released,

    /// <summary>Held stock left the warehouse (order confirmed).</summary>
    Sold,

    /// <summary>The order could not be reserved; nothing is held.</summary>
    Rejected,
}
