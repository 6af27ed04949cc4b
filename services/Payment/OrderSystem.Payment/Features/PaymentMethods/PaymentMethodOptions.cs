using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Payment.Features.PaymentMethods;

/// <summary>Settings of the card vault, bound from <c>PaymentMethods</c>.</summary>
public sealed class PaymentMethodOptions
{
    public const string SectionName = "PaymentMethods";

    /// <summary>
    /// The HMAC key of card fingerprints (<c>PaymentMethods__FingerprintKey</c>, from a secret; at least 32 characters).
    /// Without it a stolen database cannot be matched against a list of card numbers; rotating it makes existing
    /// fingerprints unmatchable (a re-registered card then gets a new payment method), nothing else.
    /// </summary>
    [Required]
    [MinLength(32)]
    public string FingerprintKey { get; set; } = "";

    /// <summary>
    /// Development only (<c>PaymentMethods__SeedDemoMethods</c>, on in the local run and docker compose, off by default):
    /// registers the demo customers' test cards under the ids of <see cref="OrderSystem.Contracts.DemoPaymentMethods"/>,
    /// so that the documented example of <c>POST /orders</c> works as it is.
    /// </summary>
    public bool SeedDemoMethods { get; set; }
}
