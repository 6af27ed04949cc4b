using OrderSystem.ServiceDefaults.Paging;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using OrderSystem.Tests.Support;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Payment.Persistence;

namespace OrderSystem.Tests.Payment;

/// <summary>Captures, declines, delayed captures and refunds as the saga will see them.</summary>
public sealed class PaymentServiceTests(PaymentServiceFixture fixture) : IClassFixture<PaymentServiceFixture>
{
    readonly InProcessService<PaymentDbContext> _service = fixture.Service;

    /// <summary>The saga's request to charge an order of <see cref="PaymentServiceFixture.Customer"/> to the payment method of <paramref name="card"/>.</summary>
    PaymentRequestedV2 Request(Guid orderId, string card, decimal amount = 42.50m) =>
        new(orderId, PaymentServiceFixture.Customer, amount, fixture.PaymentMethods[card], DateTimeOffset.UtcNow);

    static RefundRequested Refund(Guid orderId) => new(orderId, "customer cancelled", DateTimeOffset.UtcNow);

    async Task<List<ListPayments.Item>> Payments(Guid orderId) =>
        (await _service.Http.GetFromJsonAsync<PaginatedItems<ListPayments.Item>>($"/payments?orderId={orderId}"))!.Items.ToList();

    [Fact]
    public async Task An_approved_card_is_captured_once_however_often_the_request_arrives_and_refunded_once()
    {
        var orderId = Guid.NewGuid();
        var first = await _service.Publish(Request(orderId, TestCards.Approved));
        await _service.Publish(Request(orderId, TestCards.Approved), first); // redelivery: same message id
        var duplicates = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _service.Publish(Request(orderId, TestCards.Approved))));
        await _service.Handled([first, .. duplicates]);

        var payment = (await Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be("Captured");
        payment.Amount.Should().Be(42.50m);
        payment.CardLast4.Should().Be("4242");
        var captured = (await _service.Received(orderId)).Where(r => r.RoutingKey == "payment.captured").ToList();
        captured.Should().HaveCount(5, "each distinct request is answered (the redelivered copy is not), always with the one payment");
        captured.Select(c => c.Message.GetProperty("paymentId").GetGuid()).Should().AllBeEquivalentTo(payment.PaymentId);

        var refunds = await Task.WhenAll(_service.Publish(Refund(orderId)), _service.Publish(Refund(orderId)));
        await _service.Handled(refunds);

        payment = (await Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be("Refunded");
        payment.RefundedAt.Should().NotBeNull();
        var refunded = (await _service.Received(orderId)).Where(r => r.RoutingKey == "payment.refunded").ToList();
        refunded.Should().HaveCount(2, "a repeated refund request repeats the answer");
        refunded.Should().AllSatisfy(r =>
        {
            r.Message.GetProperty("paymentId").GetGuid().Should().Be(payment.PaymentId);
            r.Message.GetProperty("amount").AsDecimal().Should().Be(42.50m);
        });
    }

    [Theory]
    [InlineData(TestCards.Declined, "card declined", "0002")]
    [InlineData(TestCards.InsufficientFunds, "insufficient funds", "9995")]
    [InlineData(PaymentServiceFixture.UnknownCard, "unknown card", "4444")]
    public async Task Declined_cards_are_recorded_and_answered_with_the_reason(string card, string reason, string? last4)
    {
        var orderId = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Request(orderId, card)));

        var payment = (await Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be("Declined");
        payment.Reason.Should().Be(reason);
        payment.CardLast4.Should().Be(last4);
        var answer = (await _service.Received(orderId)).Should().ContainSingle().Subject;
        answer.RoutingKey.Should().Be("payment.declined");
        answer.Message.GetProperty("reason").GetString().Should().Be(reason);
    }

    [Fact]
    public async Task A_refund_that_overtakes_the_request_leaves_a_tombstone_and_the_request_is_declined_not_charged()
    {
        var orderId = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Refund(orderId)));
        var refunded = (await _service.Received(orderId)).Should().ContainSingle().Subject;
        refunded.RoutingKey.Should().Be("payment.refunded");
        refunded.Message.GetProperty("paymentId").ValueKind.Should().Be(JsonValueKind.Null);
        refunded.Message.GetProperty("amount").AsDecimal().Should().Be(0);

        await _service.Handled(await _service.Publish(Request(orderId, TestCards.Approved)));

        var payment = (await Payments(orderId)).Should().ContainSingle().Subject;
        payment.Status.Should().Be("Cancelled");
        payment.CapturedAt.Should().BeNull();
        var answers = await _service.Received(orderId);
        answers.Should().NotContain(a => a.RoutingKey == "payment.captured");
        answers.Last().RoutingKey.Should().Be("payment.declined");
        answers.Last().Message.GetProperty("reason").GetString().Should().Be("order cancelled");
    }

    [Fact]
    public async Task The_delayed_card_is_pending_then_captured_by_the_worker_and_a_refund_before_that_cancels_it_for_good()
    {
        var delayed = Guid.NewGuid();
        var cancelled = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Request(delayed, TestCards.DelayedApproval)),
            await _service.Publish(Request(cancelled, TestCards.DelayedApproval)));
        (await Payments(delayed)).Should().ContainSingle().Which.Status.Should().Be("Pending");
        (await _service.Received(delayed)).Should().BeEmpty("nothing is answered before the capture");

        await _service.Handled(await _service.Publish(Refund(cancelled)));
        var cancelledPayment = (await Payments(cancelled)).Should().ContainSingle().Subject;
        cancelledPayment.Status.Should().Be("Cancelled");

        // Barrier: a payment requested after the cancelled one is captured, so the worker has passed the cancelled one's due time.
        var later = Guid.NewGuid();
        await _service.Handled(await _service.Publish(Request(later, TestCards.DelayedApproval)));
        await Wait.Until(async () => (await Payments(later)).Single().Status == "Captured", "the later delayed payment was captured",
            PaymentServiceFixture.DelayedApproval * 5);
        await Wait.Until(async () => !await _service.Query(db => Task.FromResult(db.OutboxMessages.Any())), "the outbox is relayed");

        var captured = (await Payments(delayed)).Should().ContainSingle().Subject;
        captured.Status.Should().Be("Captured");
        captured.CapturedAt.Should().BeOnOrAfter(captured.CaptureDueAt!.Value);
        var capturedEvent = (await _service.Received(delayed)).Should().ContainSingle().Subject;
        capturedEvent.RoutingKey.Should().Be("payment.captured");
        capturedEvent.Message.GetProperty("paymentId").GetGuid().Should().Be(captured.PaymentId);

        (await Payments(cancelled)).Single().Status.Should().Be("Cancelled");
        var cancelledAnswers = await _service.Received(cancelled);
        cancelledAnswers.Should().ContainSingle().Which.RoutingKey.Should().Be("payment.refunded");
        cancelledAnswers.Single().Message.GetProperty("amount").AsDecimal().Should().Be(0);
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
    public async Task Listing_is_paged_and_validated()
    {
        await _service.Handled(await _service.Publish(Request(Guid.NewGuid(), TestCards.Declined)),
            await _service.Publish(Request(Guid.NewGuid(), TestCards.Declined)));

        var page = await _service.Http.GetFromJsonAsync<PaginatedItems<ListPayments.Item>>("/payments?pageSize=1&status=Declined");
        page!.Items.Should().ContainSingle();
        page.TotalCount.Should().BeGreaterThanOrEqualTo(2);

        var bad = await _service.Http.GetAsync("/payments?orderId=x&pageSize=500");
        bad.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["orderId", "pageSize"]);
    }
}
