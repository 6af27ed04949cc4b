using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrderSystem.Payment.Features.PaymentMethods;

/// <summary>Keyed fingerprints of card numbers: HMAC-SHA256 under <see cref="PaymentMethodOptions.FingerprintKey"/>.</summary>
public sealed class CardFingerprints(IOptions<PaymentMethodOptions> options)
{
    readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.FingerprintKey);

    /// <summary>The fingerprint of <paramref name="cardNumber"/>, 64 hex characters.</summary>
    public string Of(string cardNumber) => Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(cardNumber)));
}
