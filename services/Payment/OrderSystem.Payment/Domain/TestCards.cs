namespace OrderSystem.Payment.Domain;

/// <summary>
/// The simulated card gateway's documented test cards (services/Payment/README.md). Card numbers are 12-19 ASCII digits;
/// anything else is declined as invalid, any other well-formed number as unknown.
/// </summary>
public static class TestCards
{
    /// <summary>Approved and captured at once.</summary>
    public const string Approved = "4242424242424242";

    /// <summary>Declined: "card declined".</summary>
    public const string Declined = "4000000000000002";

    /// <summary>Declined: "insufficient funds".</summary>
    public const string InsufficientFunds = "4000000000009995";

    /// <summary>Approved, but captured only after the configured delay (longer than the saga's payment timeout).</summary>
    public const string DelayedApproval = "4000000000000259";

    /// <summary>Decline reason of <see cref="Declined"/>.</summary>
    public const string CardDeclinedReason = "card declined";

    /// <summary>Decline reason of <see cref="InsufficientFunds"/>.</summary>
    public const string InsufficientFundsReason = "insufficient funds";

    /// <summary>Decline reason of any other well-formed number.</summary>
    public const string UnknownCardReason = "unknown card";

    /// <summary>Decline reason of a malformed number.</summary>
    public const string InvalidCardReason = "invalid card number";

    /// <summary>Decides what happens to a payment with <paramref name="cardNumber"/>.</summary>
    public static CardDecision Decide(string? cardNumber) => cardNumber switch
    {
        _ when !IsWellFormed(cardNumber) => new(CardOutcome.Decline, InvalidCardReason),
        Approved => new(CardOutcome.Approve),
        DelayedApproval => new(CardOutcome.ApproveAfterDelay),
        Declined => new(CardOutcome.Decline, CardDeclinedReason),
        InsufficientFunds => new(CardOutcome.Decline, InsufficientFundsReason),
        _ => new(CardOutcome.Decline, UnknownCardReason),
    };

    /// <summary>True for 12-19 ASCII digits.</summary>
    public static bool IsWellFormed(string? cardNumber) =>
        cardNumber is { Length: >= 12 and <= 19 } && cardNumber.All(char.IsAsciiDigit);

    /// <summary>The last four digits of a well-formed number (all that is ever stored or logged); null otherwise.</summary>
    public static string? Last4(string? cardNumber) => IsWellFormed(cardNumber) ? cardNumber![^4..] : null;
}
