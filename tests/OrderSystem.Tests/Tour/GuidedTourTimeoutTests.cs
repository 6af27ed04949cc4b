using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderSystem.Order.Features.Fulfilment;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.Charge;
using OrderSystem.Tests.Hosts;
using static OrderSystem.Tests.Tour.TourChecks;

namespace OrderSystem.Tests.Tour;

/// <summary>
/// The tour's payment-timeout row with the services' default timings (10 s timeout, approval at 15 s), in a class of
/// its own so that it runs in parallel with <see cref="GuidedTourTests"/> on the same system.
/// </summary>
public sealed class GuidedTourTimeoutTests(SystemFixture<DevelopmentSettings> shared) : IClassFixture<SystemFixture<DevelopmentSettings>>
{
    SystemUnderTest System => shared.System;

    [Fact]
    public async Task Payment_timeout_cancels_after_the_promised_time_and_the_late_approval_is_refunded()
    {
        var row = GuidedTour.Row("payment timeout, late approval");
        var timeout = row.Seconds("after");
        var lateApproval = row.Seconds("at");
        System.ServicesOf("order").GetRequiredService<IOptions<OrderSagaOptions>>().Value.PaymentTimeout.Should().Be(timeout);
        System.ServicesOf("payment").GetRequiredService<IOptions<PaymentOptions>>().Value.DelayedApprovalDelay.Should().Be(lateApproval);

        var orderId = await Place(System, await GuidedTour.RequestFor(System, row));

        var order = await System.WaitUntilFinal(orderId, timeout * 3);
        order.Status.Should().Be(row.Promises[0]);
        order.CancellationReason.Should().Be(row.Promises[1]);
        (At(order, nameof(PaymentTimedOut)) - order.PlacedAt).Should().BeGreaterThanOrEqualTo(timeout);
        await StockReleased(System, orderId);

        row.Result.Should().Contain("**refunded**");
        var refunded = await PaymentWith(System, orderId, nameof(PaymentStatus.Refunded), lateApproval * 3);
        (refunded.CapturedAt!.Value - refunded.CreatedAt).Should().BeGreaterThanOrEqualTo(lateApproval);
        (await System.GetOrder(orderId)).Status.Should().Be(row.Promises[0], "a late refund does not change the outcome");
    }
}
