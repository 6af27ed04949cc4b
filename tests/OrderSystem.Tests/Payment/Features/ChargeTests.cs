using System.Net.Http.Json;
using AwesomeAssertions;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.Charge;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Payment.Persistence;
using OrderSystem.ServiceDefaults.Paging;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Payment.Features;

/// <summary>
/// Charge: captures, declines and delayed captures as the saga will see them, on the real Payment service fed with the
/// saga's requests from the broker.
/// </summary>
public sealed class ChargeTests(ServiceFixture<PaymentDbContext, PaymentSettings> fixture) : IClassFixture<ServiceFixture<PaymentDbContext, PaymentSettings>>
{
    readonly InProcessService<PaymentDbContext> _service = fixture.Service;

    /// <summary>The saga's request to charge an order of <see cref="PaymentSettings.Customer"/> to the payment method of <paramref name="card"/>.</summary>
    PaymentRequestedV2 Request(Guid orderId, string card, decimal amount = 42.50m) =>
        new(orderId, PaymentSettings.Customer, amount, fixture.Settings.PaymentMethods[card], DateTimeOffset.UtcNow);

    static RefundRequested Refund(Guid orderId) => new(orderId, "customer cancelled", DateTimeOffset.UtcNow);

    async Task<List<ListPayments.Item>> Payments(Guid orderId) =>
        [.. (await _service.Http.GetFromJsonAsync<PaginatedItems<ListPayments.Item>>($"/payments?orderId={orderId}"))!.Items];

    [Fact]
    public async Task An_approved_card_is_captured_once_however_often_the_request_arrives_and_refunded_once()
    {
        var orderId = Guid.NewGuid();
        var first = await _service.Publish(Request(orderId, TestCards.Approved));
        await _service.Publish(Request(orderId, TestCards.Approved), first); // redelivery: same message id
        var duplicates = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _service.Publish(Request(orderId, TestCards.Approved))));
        await _service.Handled([first, .. duplicates]);

        var payment = (await Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be(nameof(PaymentStatus.Captured));
        payment.Amount.Should().Be(42.50m);
        payment.CardLast4.Should().Be("4242");
        var captured = (await _service.Received(orderId)).Where(r => r.Is<PaymentCaptured>()).ToList();
        captured.Should().HaveCount(5, "each distinct request is answered (the redelivered copy is not), always with the one payment");
        captured.Select(c => c.As<PaymentCaptured>().PaymentId).Should().AllBeEquivalentTo(payment.PaymentId);

        var refunds = await Task.WhenAll(_service.Publish(Refund(orderId)), _service.Publish(Refund(orderId)));
        await _service.Handled(refunds);

        payment = (await Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be(nameof(PaymentStatus.Refunded));
        payment.RefundedAt.Should().NotBeNull();
        var refunded = (await _service.Received(orderId)).Where(r => r.Is<PaymentRefunded>()).Select(r => r.As<PaymentRefunded>()).ToList();
        refunded.Should().HaveCount(2, "a repeated refund request repeats the answer");
        refunded.Should().AllSatisfy(r =>
        {
            r.PaymentId.Should().Be(payment.PaymentId);
            r.Amount.Should().Be(42.50m);
        });
    }

    [Theory]
    [InlineData(TestCards.Declined, "card declined", "0002")]
    [InlineData(TestCards.InsufficientFunds, "insufficient funds", "9995")]
    [InlineData(PaymentSettings.UnknownCard, "unknown card", "4444")]
    public async Task Declined_cards_are_recorded_and_answered_with_the_reason(string card, string reason, string? last4)
    {
        var orderId = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Request(orderId, card)));

        var payment = (await Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be(nameof(PaymentStatus.Declined));
        payment.Reason.Should().Be(reason);
        payment.CardLast4.Should().Be(last4);
        var answer = (await _service.Received(orderId)).Should().ContainSingle().Subject;
        answer.As<PaymentDeclined>().Reason.Should().Be(reason);
    }

    [Fact]
    public async Task The_delayed_card_is_pending_then_captured_by_the_worker_and_a_refund_before_that_cancels_it_for_good()
    {
        var delayed = Guid.NewGuid();
        var cancelled = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Request(delayed, TestCards.DelayedApproval)),
            await _service.Publish(Request(cancelled, TestCards.DelayedApproval)));
        (await Payments(delayed)).Should().ContainSingle().Which.Status.Should().Be(nameof(PaymentStatus.Pending));
        (await _service.Received(delayed)).Should().BeEmpty("nothing is answered before the capture");

        await _service.Handled(await _service.Publish(Refund(cancelled)));
        var cancelledPayment = (await Payments(cancelled)).Should().ContainSingle().Subject;
        cancelledPayment.Status.Should().Be(nameof(PaymentStatus.Cancelled));

        // Barrier: a payment requested after the cancelled one is captured, so the worker has passed the cancelled one's due time.
        var later = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Request(later, TestCards.DelayedApproval)));
        await Wait.Until(async () => (await Payments(later)).Single().Status == nameof(PaymentStatus.Captured), "the later delayed payment was captured",
            PaymentSettings.DelayedApproval * 5);
        await Wait.Until(async () => !await _service.Query(db => Task.FromResult(db.OutboxMessages.Any())), "the outbox is relayed");

        var captured = (await Payments(delayed)).Should().ContainSingle().Subject;
        captured.Status.Should().Be(nameof(PaymentStatus.Captured));
        captured.CapturedAt.Should().BeOnOrAfter(captured.CaptureDueAt!.Value);
        var capturedEvent = (await _service.Received(delayed)).Should().ContainSingle().Subject;
        capturedEvent.As<PaymentCaptured>().PaymentId.Should().Be(captured.PaymentId);

        (await Payments(cancelled)).Single().Status.Should().Be(nameof(PaymentStatus.Cancelled));
        var cancelledAnswers = await _service.Received(cancelled);
        cancelledAnswers.Should().ContainSingle().Which.As<PaymentRefunded>().Amount.Should().Be(0);
    }

    [Fact]
    public async Task Only_the_last_four_digits_are_stored()
    {
        var orderId = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Request(orderId, TestCards.Approved)));

        var stored = await _service.Query(db => Task.FromResult(db.Payments.Single(p => p.OrderId == orderId)));
        stored.CardLast4.Should().Be("4242");
        var json = await _service.Http.GetStringAsync($"/payments?orderId={orderId}");
        json.Should().NotContain(TestCards.Approved);
    }

    [Fact]
    public async Task An_order_of_another_customer_or_an_unknown_payment_method_is_declined_and_never_charged()
    {
        var othersOrder = Guid.NewGuid();
        var unknownMethod = Guid.NewGuid();
        await _service.Handled(
            await _service.Publish(new PaymentRequestedV2(othersOrder, "bob", 10m, fixture.Settings.PaymentMethods[TestCards.Approved], DateTimeOffset.UtcNow)),
            await _service.Publish(new PaymentRequestedV2(unknownMethod, "ada", 10m, Guid.NewGuid(), DateTimeOffset.UtcNow)));

        foreach (var orderId in new[] { othersOrder, unknownMethod })
        {
            var payment = (await Payments(orderId)).Should().ContainSingle().Subject;
            payment.Status.Should().Be(nameof(PaymentStatus.Declined));
            payment.Reason.Should().Be(PaymentRequestedConsumer.UnknownPaymentMethodReason);
            payment.CardLast4.Should().BeNull("nothing of another customer's card is recorded on the order");
            var answer = (await _service.Received(orderId)).Should().ContainSingle().Subject;
            answer.As<PaymentDeclined>().Reason.Should().Be(PaymentRequestedConsumer.UnknownPaymentMethodReason);
        }
    }
}
