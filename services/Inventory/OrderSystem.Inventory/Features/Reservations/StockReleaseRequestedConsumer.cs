using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;

namespace OrderSystem.Inventory.Features.Reservations;

/// <summary>
/// Compensation (queue <c>inventory.stock-release-requested</c>): gives an order's reserved stock back and always answers
/// <c>InventoryReleased</c>, so a repeated request gets the same harmless answer.
/// </summary>
/// <remarks>
/// Queues are independent, so the request may overtake the order's <c>OrderPlaced</c>: then a Released tombstone is stored
/// and the late order reserves nothing. Sold stock is never given back (a warning is logged).
/// </remarks>
public sealed class StockReleaseRequestedConsumer(InventoryDbContext db, TimeProvider clock, ILogger<StockReleaseRequestedConsumer> logger)
    : IConsumer<StockReleaseRequested>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<StockReleaseRequested> context)
    {
        var answer = await Release(db, context.Message, clock.GetUtcNow(), logger, context.CancellationToken);
        await context.Publish(answer, context.CancellationToken);
    }

    /// <summary>Stages the release in <paramref name="db"/> (the caller saves and commits with the answer).</summary>
    /// <returns>The event to publish.</returns>
    public static async Task<InventoryReleased> Release(InventoryDbContext db, StockReleaseRequested request, DateTimeOffset now, ILogger logger,
        CancellationToken cancellationToken)
    {
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "Release requested" : request.Reason;
        var reservation = await db.Reservations.SingleOrDefaultAsync(r => r.OrderId == request.OrderId, cancellationToken);
        if (reservation is null)
        {
            db.Reservations.Add(Reservation.Tombstone(request.OrderId, reason, now));
            logger.LogInformation("Stock release for order {OrderId} came before the order; stored a tombstone", request.OrderId);
            return new InventoryReleased(request.OrderId, now);
        }

        var products = reservation.Status == ReservationStatus.Reserved
            ? await db.LockProductsAsync(reservation.Lines.Select(l => l.Sku), cancellationToken)
            : [];
        var outcome = reservation.Release(products, reason, now);
        if (outcome == ReleaseOutcome.AlreadySold)
            logger.LogWarning("Stock release for order {OrderId} refused: its stock was sold already ({Reason})", request.OrderId, reason);
        else
            logger.LogInformation("Stock release for order {OrderId}: {Outcome}", request.OrderId, outcome);

        return new InventoryReleased(request.OrderId, now);
    }
}
