namespace OrderSystem.Payment.Domain;

/// <summary>
/// A card a customer registered with Payment, known to everyone else only by its opaque <see cref="Id"/>. The number
/// itself is never stored: only a keyed fingerprint (to recognise the same card again), the brand, the last four digits
/// and what the simulated gateway will do when it is charged (the test-card behaviour, decided once at registration).
/// </summary>
public sealed class PaymentMethod
{
    /// <summary>Longest customer id (the token's <c>sub</c>) stored; Order accepts no longer one.</summary>
    public const int MaxCustomerIdLength = 64;

    PaymentMethod() { }

    /// <summary>The opaque id orders carry (<c>paymentMethodId</c>).</summary>
    public Guid Id { get; private set; }

    /// <summary>The customer who registered it (token <c>sub</c>); only their orders may be charged to it.</summary>
    public string CustomerId { get; private set; } = "";

    /// <summary>Card brand from the number's prefix, e.g. <c>visa</c>.</summary>
    public string Brand { get; private set; } = "";

    /// <summary>Last four digits of the card.</summary>
    public string Last4 { get; private set; } = "";

    /// <summary>HMAC-SHA256 of the number under the service's fingerprint key (hex): same card, same fingerprint; not reversible without the key.</summary>
    public string Fingerprint { get; private set; } = "";

    /// <summary>What the simulated gateway does when this card is charged.</summary>
    public CardOutcome Outcome { get; private set; }

    /// <summary>Why it will be declined; null unless <see cref="Outcome"/> is <see cref="CardOutcome.Decline"/>.</summary>
    public string? DeclineReason { get; private set; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The gateway's answer for a charge to this card.</summary>
    public CardDecision Decision => new(Outcome, DeclineReason);

    /// <summary>Registers a card from what may be kept of it; the caller has checked the number and forgets it afterwards.</summary>
    public static PaymentMethod Register(Guid id, string customerId, string brand, string last4, string fingerprint, CardDecision decision,
        DateTimeOffset now) => new()
    {
        Id = id,
        CustomerId = customerId,
        Brand = brand,
        Last4 = last4,
        Fingerprint = fingerprint,
        Outcome = decision.Outcome,
        DeclineReason = decision.DeclineReason,
        CreatedAt = now,
    };

    /// <summary>True when an order of <paramref name="customerId"/> may be charged to this card.</summary>
    public bool BelongsTo(string? customerId) => string.Equals(CustomerId, customerId, StringComparison.Ordinal);
}
