using System.Net.Http.Json;
using AwesomeAssertions;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Payment.Persistence;
using OrderSystem.ServiceDefaults.Paging;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Payment.Features;

/// <summary>Refund: the saga's refund request, also when it arrives before the payment request it undoes.</summary>
public sealed class RefundTests(ServiceFixture<PaymentDbContext, PaymentSettings> fixture) : IClassFixture<ServiceFixture<PaymentDbContext, PaymentSettings>>
{
    readonly InProcessService<PaymentDbContext> _service = fixture.Service;

    [Fact]
    public async Task A_refund_that_overtakes_the_request_leaves_a_tombstone_and_the_request_is_declined_not_charged()
    {
        var orderId = Guid.NewGuid();
        await _service.Handled(await _service.Publish(new RefundRequested(orderId, "customer cancelled", DateTimeOffset.UtcNow)));
        var refunded = (await _service.Received(orderId)).Should().ContainSingle().Subject.As<PaymentRefunded>();
        refunded.PaymentId.Should().BeNull();
        refunded.Amount.Should().Be(0);

        await _service.Handled(await _service.Publish(new PaymentRequestedV2(orderId, PaymentSettings.Customer, 42.50m,
            fixture.Settings.PaymentMethods[TestCards.Approved], DateTimeOffset.UtcNow)));

        var payment = (await _service.Http.GetFromJsonAsync<PaginatedItems<ListPayments.Item>>($"/payments?orderId={orderId}"))!.Items
            .Should().ContainSingle().Subject;
        payment.Status.Should().Be(nameof(PaymentStatus.Cancelled));
        payment.CapturedAt.Should().BeNull();
        var answers = await _service.Received(orderId);
        answers.Should().NotContain(a => a.Is<PaymentCaptured>());
        answers.Last().As<PaymentDeclined>().Reason.Should().Be("order cancelled");
    }
}
