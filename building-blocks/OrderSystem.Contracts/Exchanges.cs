namespace OrderSystem.Contracts;

/// <summary>The four bounded contexts' topic exchanges.</summary>
public static class Exchanges
{
    /// <summary>Events of the Order context.</summary>
    public const string Order = "order";

    /// <summary>Events of the Inventory context.</summary>
    public const string Inventory = "inventory";

    /// <summary>Events of the Payment context.</summary>
    public const string Payment = "payment";

    /// <summary>Events of the Notification context.</summary>
    public const string Notification = "notification";
}
