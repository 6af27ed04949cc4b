using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Payment.Features.PaymentMethods;

/// <summary>Settings of the card vault, bound from <c>PaymentMethods</c>.</summary>
public sealed class PaymentMethodOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "PaymentMethods";

    /// <summary>
    /// The HMAC key of card fingerprints (<c>PaymentMethods__FingerprintKey</c>, from a secret; at least 32 characters).
    /// Without it a stolen database cannot be matched against a list of card numbers; rotating it makes existing
    /// fingerprints unmatchable (a re-registered card then gets a new payment method), nothing else.
    /// </summary>
    [Required]
    [MinLength(32)]
    public string FingerprintKey { get; set; } = "";
}
