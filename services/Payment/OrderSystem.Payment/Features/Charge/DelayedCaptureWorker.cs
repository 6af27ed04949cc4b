using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderSystem.Contracts;
using OrderSystem.Messaging.Hosting;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Persistence;

namespace OrderSystem.Payment.Features.Charge;

/// <summary>
/// Captures pending payments once they are due (the delayed-approval test card). Durable: the due time is in the
/// database, so a restart only delays the capture. Safe with replicas: each capture is an optimistic-concurrency update
/// of the payment row (its <c>Version</c>), so when two replicas, or a replica and a refund, race for the same row,
/// exactly one UPDATE matches and the others change nothing. <c>PaymentCaptured</c> goes to the outbox in the same
/// SaveChanges as the capture.
/// </summary>
public sealed class DelayedCaptureWorker(IServiceScopeFactory scopeFactory, IOptions<PaymentOptions> options, TimeProvider clock,
    ILogger<DelayedCaptureWorker> logger) : PeriodicWork(logger, clock)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CapturePollInterval;

    // Database down: the pending rows stay pending and are captured on a later pass.
    /// <inheritdoc />
    protected override string FailureMessage => "Capturing due payments failed; retrying on the next pass";

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken stoppingToken) => CaptureDuePayments(stoppingToken);

    /// <summary>Captures every payment due now (in batches); returns how many this instance captured.</summary>
    public async Task<int> CaptureDuePayments(CancellationToken cancellationToken)
    {
        var captured = 0;
        while (true)
        {
            List<Guid> due;
            await using (var scope = scopeFactory.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PaymentDbContext>();
                var now = Clock.GetUtcNow();
                due = await db.Payments.AsNoTracking()
                    .Where(p => p.Status == PaymentStatus.Pending && p.CaptureDueAt <= now)
                    .OrderBy(p => p.CaptureDueAt)
                    .Select(p => p.Id)
                    .Take(options.Value.CaptureBatchSize)
                    .ToListAsync(cancellationToken);
            }

            var capturedInBatch = 0;
            foreach (var paymentId in due)
            {
                if (await TryCapture(paymentId, cancellationToken))
                    capturedInBatch++;
            }

            captured += capturedInBatch;
            // A short batch means nothing more is due; a batch lost entirely to other replicas is theirs to finish.
            if (due.Count < options.Value.CaptureBatchSize || capturedInBatch == 0)
                return captured;
        }
    }

    async Task<bool> TryCapture(Guid paymentId, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentDbContext>();
        // Outside a consumer this publish endpoint writes to the outbox; it commits with the SaveChanges below.
        var publish = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();

        var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        var now = Clock.GetUtcNow();
        if (payment is null || !payment.CaptureDue(now))
            return false; // Cancelled by a refund or captured by another replica since the query.

        await publish.Publish(new PaymentCaptured(payment.OrderId, payment.Id, payment.Amount, now), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogDebug("Payment {PaymentId} changed concurrently (another replica or a refund); not captured here", paymentId);
            return false;
        }

        logger.LogInformation("Captured delayed payment {PaymentId} of {Amount} for order {OrderId}", payment.Id, payment.Amount, payment.OrderId);
        return true;
    }
}
