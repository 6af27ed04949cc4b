using AwesomeAssertions;
using OrderSystem.Payment.Domain;

namespace OrderSystem.Tests.Payment.Domain;

/// <summary>The payment record's rules: never captured twice, never refunded twice, pending captures can be called off.</summary>
public sealed class PaymentTests
{
    static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_captured_payment_is_refunded_once()
    {
        var payment = OrderPayment.CaptureNow(Guid.NewGuid(), Guid.NewGuid(), 42.50m, "4242", Now);

        payment.Refund("payment timed out", Now.AddSeconds(1)).Should().Be(RefundOutcome.Refunded);
        var version = payment.Version;
        payment.Refund("again", Now.AddSeconds(2)).Should().Be(RefundOutcome.AlreadyRefunded);

        payment.Status.Should().Be(PaymentStatus.Refunded);
        payment.RefundedAt.Should().Be(Now.AddSeconds(1));
        payment.Reason.Should().Be("payment timed out");
        payment.Version.Should().Be(version, "a repeated refund changes nothing");
    }

    [Fact]
    public void A_captured_payment_is_never_captured_again()
    {
        var payment = OrderPayment.CaptureNow(Guid.NewGuid(), Guid.NewGuid(), 10m, "4242", Now);

        payment.CaptureDue(Now.AddMinutes(1)).Should().BeFalse();
        payment.CapturedAt.Should().Be(Now);
    }

    [Fact]
    public void A_pending_payment_is_captured_once_when_due()
    {
        var payment = OrderPayment.CaptureLater(Guid.NewGuid(), Guid.NewGuid(), 10m, "0259", Now.AddSeconds(15), Now);
        payment.Status.Should().Be(PaymentStatus.Pending);

        payment.CaptureDue(Now.AddSeconds(15)).Should().BeTrue();
        var version = payment.Version;
        payment.CaptureDue(Now.AddSeconds(16)).Should().BeFalse();

        payment.Status.Should().Be(PaymentStatus.Captured);
        payment.CapturedAt.Should().Be(Now.AddSeconds(15));
        payment.Version.Should().Be(version);
    }

    [Fact]
    public void A_refund_cancels_a_pending_payment_so_it_is_never_captured()
    {
        var payment = OrderPayment.CaptureLater(Guid.NewGuid(), Guid.NewGuid(), 10m, "0259", Now.AddSeconds(15), Now);

        payment.Refund("customer cancelled", Now.AddSeconds(1)).Should().Be(RefundOutcome.PendingCancelled);
        payment.CaptureDue(Now.AddSeconds(15)).Should().BeFalse();

        payment.Status.Should().Be(PaymentStatus.Cancelled);
        payment.CapturedAt.Should().BeNull();
        payment.Refund("again", Now.AddSeconds(2)).Should().Be(RefundOutcome.NothingTaken);
    }

    [Fact]
    public void Declines_and_tombstones_have_nothing_to_refund_or_capture()
    {
        var declined = OrderPayment.Decline(Guid.NewGuid(), Guid.NewGuid(), 10m, "0002", "card declined", Now);
        var tombstone = OrderPayment.CancelBeforeRequest(Guid.NewGuid(), Guid.NewGuid(), "customer cancelled", Now);

        declined.Refund("x", Now).Should().Be(RefundOutcome.NothingTaken);
        declined.Status.Should().Be(PaymentStatus.Declined);
        tombstone.Refund("x", Now).Should().Be(RefundOutcome.NothingTaken);
        tombstone.CaptureDue(Now).Should().BeFalse();
        tombstone.Status.Should().Be(PaymentStatus.Cancelled);
        tombstone.Amount.Should().Be(0);
        tombstone.Reason.Should().Contain("customer cancelled");
    }

    [Fact]
    public void Long_reasons_are_clipped_to_the_column()
    {
        var payment = OrderPayment.CaptureNow(Guid.NewGuid(), Guid.NewGuid(), 10m, "4242", Now);
        payment.Refund(new string('x', 2_000), Now);
        payment.Reason!.Length.Should().Be(OrderPayment.MaxReasonLength);
    }
}
