using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Persistence;

namespace OrderSystem.Payment.Features.Charge;

/// <summary>
/// Charges an order to the customer's payment method through the simulated gateway (queue <c>payment.payment-requested</c>,
/// event <c>PaymentRequestedV2</c>). Only a payment method registered by the order's customer is charged; any other id
/// is declined without saying whether it exists. One payment record per order: a request for an order that already has
/// one is answered from that record and never charged again. The record and the answer commit together (consumer
/// outbox); a concurrent duplicate loses on the unique index and is retried into the "already recorded" path.
/// </summary>
public sealed class PaymentRequestedConsumer(PaymentDbContext db, IOptions<PaymentOptions> options, TimeProvider clock,
    ILogger<PaymentRequestedConsumer> logger) : IConsumer<PaymentRequestedV2>
{
    /// <summary>Reason given when the order was cancelled before its payment was requested.</summary>
    public const string OrderCancelledReason = "order cancelled";

    /// <summary>Reason given when the payment method is unknown or not the order's customer's.</summary>
    public const string UnknownPaymentMethodReason = "unknown payment method";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<PaymentRequestedV2> context)
    {
        var request = context.Message;
        if (request.OrderId == Guid.Empty)
            throw new PermanentMessageException("PaymentRequestedV2 carries no order id.");
        if (request.Amount <= 0)
            throw new PermanentMessageException($"PaymentRequestedV2 for order {request.OrderId} has a non-positive amount ({request.Amount}).");

        var existing = await db.Payments.SingleOrDefaultAsync(p => p.OrderId == request.OrderId, context.CancellationToken);
        if (existing is not null)
        {
            await AnswerFromRecord(context, existing);
            return;
        }

        var now = clock.GetUtcNow();
        var paymentId = db.NewSequentialId();
        var method = await db.PaymentMethods.AsNoTracking().SingleOrDefaultAsync(m => m.Id == request.PaymentMethodId, context.CancellationToken);
        if (method is null || !method.BelongsTo(request.CustomerId))
        {
            db.Payments.Add(OrderPayment.Decline(paymentId, request.OrderId, request.Amount, null, UnknownPaymentMethodReason, now).OwnedBy(request.CustomerId));
            await context.Publish(new PaymentDeclined(request.OrderId, UnknownPaymentMethodReason, now));
            logger.LogWarning("Declined order {OrderId} of customer {CustomerId}: payment method {PaymentMethodId} {Problem}",
                request.OrderId, request.CustomerId, request.PaymentMethodId, method is null ? "does not exist" : "belongs to another customer");
            return;
        }

        var last4 = method.Last4;
        var decision = method.Decision;
        switch (decision.Outcome)
        {
            case CardOutcome.Approve:
                db.Payments.Add(OrderPayment.CaptureNow(paymentId, request.OrderId, request.Amount, last4, now).OwnedBy(request.CustomerId).PaidWith(method.Id));
                await context.Publish(new PaymentCaptured(request.OrderId, paymentId, request.Amount, now));
                logger.LogInformation("Captured {Amount} for order {OrderId} ({CardBrand} ending {CardLast4})", request.Amount, request.OrderId,
                    method.Brand, last4);
                break;
            case CardOutcome.ApproveAfterDelay:
                var dueAt = now + options.Value.DelayedApprovalDelay;
                db.Payments.Add(OrderPayment.CaptureLater(paymentId, request.OrderId, request.Amount, last4, dueAt, now).OwnedBy(request.CustomerId).PaidWith(method.Id));
                logger.LogInformation("Approved {Amount} for order {OrderId} ({CardBrand} ending {CardLast4}); capture due at {DueAt:o}",
                    request.Amount, request.OrderId, method.Brand, last4, dueAt);
                break;
            default:
                var reason = decision.DeclineReason!;
                db.Payments.Add(OrderPayment.Decline(paymentId, request.OrderId, request.Amount, last4, reason, now).OwnedBy(request.CustomerId).PaidWith(method.Id));
                await context.Publish(new PaymentDeclined(request.OrderId, reason, now));
                logger.LogInformation("Declined order {OrderId} ({CardBrand} ending {CardLast4}): {Reason}", request.OrderId, method.Brand, last4, reason);
                break;
        }
    }

    /// <summary>
    /// The order already has a payment record: repeat its answer (harmless for the saga) without charging again.
    /// A pending capture answers when it is captured; a refunded one has already been answered by PaymentRefunded.
    /// </summary>
    async Task AnswerFromRecord(ConsumeContext<PaymentRequestedV2> context, OrderPayment payment)
    {
        var now = clock.GetUtcNow();
        switch (payment.Status)
        {
            case PaymentStatus.Captured:
                await context.Publish(new PaymentCaptured(payment.OrderId, payment.Id, payment.Amount, now));
                break;
            case PaymentStatus.Declined:
                await context.Publish(new PaymentDeclined(payment.OrderId, payment.Reason ?? TestCards.CardDeclinedReason, now));
                break;
            case PaymentStatus.Cancelled:
                // Usually the tombstone left by a refund that overtook this request: the order is cancelled, so no charge.
                await context.Publish(new PaymentDeclined(payment.OrderId, OrderCancelledReason, now));
                break;
        }

        logger.LogInformation("Order {OrderId} already has payment {PaymentId} ({Status}); not charged again",
            payment.OrderId, payment.Id, payment.Status);
    }
}
