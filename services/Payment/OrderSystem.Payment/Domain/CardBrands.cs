namespace OrderSystem.Payment.Domain;

/// <summary>The card brand from a number's issuer prefix (enough for display; the simulated gateway charges any brand).</summary>
public static class CardBrands
{
    /// <summary>The brand of a well-formed number: <c>visa</c>, <c>mastercard</c>, <c>amex</c>, <c>discover</c> or <c>unknown</c>.</summary>
    public static string Of(string cardNumber)
    {
        ArgumentNullException.ThrowIfNull(cardNumber);
        var two = cardNumber.Length >= 2 ? int.Parse(cardNumber[..2], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var four = cardNumber.Length >= 4 ? int.Parse(cardNumber[..4], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return cardNumber[0] switch
        {
            '4' => "visa",
            _ when two is >= 51 and <= 55 || four is >= 2221 and <= 2720 => "mastercard",
            _ when two is 34 or 37 => "amex",
            _ when four == 6011 || two == 65 => "discover",
            _ => "unknown",
        };
    }
}
