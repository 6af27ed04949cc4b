using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Persistence;

namespace OrderSystem.Payment.Features.Refund;

/// <summary>
/// Undoes an order's payment (queue <c>payment.refund-requested</c>): refunds a capture, cancels a pending capture so it
/// is never taken, and when no payment exists yet (the request is still on its way: queues are independent) leaves a
/// tombstone so that a later request is declined. Always answers <c>PaymentRefunded</c>; a repeated request repeats the
/// answer but never refunds twice.
/// </summary>
public sealed class RefundRequestedConsumer(PaymentDbContext db, TimeProvider clock, ILogger<RefundRequestedConsumer> logger)
    : IConsumer<RefundRequested>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RefundRequested> context)
    {
        var request = context.Message;
        if (request.OrderId == Guid.Empty)
            throw new PermanentMessageException("RefundRequested carries no order id.");

        var now = clock.GetUtcNow();
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "Refund requested" : request.Reason;
        var payment = await db.Payments.SingleOrDefaultAsync(p => p.OrderId == request.OrderId, context.CancellationToken);
        if (payment is null)
        {
            // If the request for this order commits concurrently, one insert loses on the unique index and is retried.
            db.Payments.Add(OrderPayment.CancelBeforeRequest(db.NewSequentialId(), request.OrderId, reason, now));
            await context.Publish(new PaymentRefunded(request.OrderId, null, 0m, now));
            logger.LogInformation("Refund for order {OrderId} arrived before its payment request; a later request will be declined", request.OrderId);
            return;
        }

        // A capture worker racing this change fails on the Version token (or we do and are retried against the new state).
        var outcome = payment.Refund(reason, now);
        switch (outcome)
        {
            case RefundOutcome.Refunded or RefundOutcome.AlreadyRefunded:
                await context.Publish(new PaymentRefunded(payment.OrderId, payment.Id, payment.Amount, now));
                break;
            default:
                await context.Publish(new PaymentRefunded(payment.OrderId, null, 0m, now));
                break;
        }

        logger.LogInformation("Refund for order {OrderId}: {Outcome} (payment {PaymentId}, {Amount})", payment.OrderId, outcome, payment.Id, payment.Amount);
    }
}
