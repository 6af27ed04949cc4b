using AwesomeAssertions;
using OrderSystem.Payment.Domain;

namespace OrderSystem.Tests.Payment.Domain;

/// <summary>The simulated gateway's documented test cards.</summary>
public sealed class TestCardsTests
{
    [Theory]
    [InlineData("4242424242424242", CardOutcome.Approve, null)]
    [InlineData("4000000000000259", CardOutcome.ApproveAfterDelay, null)]
    [InlineData("4000000000000002", CardOutcome.Decline, "card declined")]
    [InlineData("4000000000009995", CardOutcome.Decline, "insufficient funds")]
    [InlineData("5555555555554444", CardOutcome.Decline, "unknown card")]
    [InlineData("400000000000", CardOutcome.Decline, "unknown card")]
    [InlineData("4000000000000009995", CardOutcome.Decline, "unknown card")]
    public void Each_test_card_has_its_documented_outcome(string card, CardOutcome outcome, string? reason) =>
        TestCards.Decide(card).Should().Be(new CardDecision(outcome, reason));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42424242424")]
    [InlineData("42424242424242424242")]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("424242424242424x")]
    [InlineData("４２４２４２４２４２４２４２４２")]
    public void Malformed_numbers_are_declined_as_invalid_and_have_no_last_four(string? card)
    {
        TestCards.Decide(card).Should().Be(new CardDecision(CardOutcome.Decline, TestCards.InvalidCardReason));
        TestCards.Last4(card).Should().BeNull();
    }

    [Fact]
    public void Only_the_last_four_digits_are_kept() => TestCards.Last4("4000000000009995").Should().Be("9995");

    [Theory]
    [InlineData("4242424242424242", "visa")]
    [InlineData("5555555555554444", "mastercard")]
    [InlineData("2223003122003222", "mastercard")]
    [InlineData("378282246310005", "amex")]
    [InlineData("6011111111111117", "discover")]
    [InlineData("3056930009020004", "unknown")]
    public void The_brand_comes_from_the_issuer_prefix(string card, string brand) => CardBrands.Of(card).Should().Be(brand);
}
