using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;

namespace OrderSystem.Inventory.Features.Reservations;

/// <summary>
/// Reserves every line of a placed order or none (queue <c>inventory.order-placed</c>) and answers with
/// <c>InventoryReserved</c> or <c>InventoryReservationFailed</c>, in the same transaction as the reservation.
/// </summary>
/// <remarks>
/// One reservation row per order makes the decision once. A redelivery with the same message id stops at the inbox;
/// the same order under a new message id finds the row and reserves nothing more. It repeats the original answer
/// while that answer still holds (Reserved or Rejected) and stays silent when the order has moved on (Released, Sold)
/// or when a release request overtook the order (tombstone).
/// </remarks>
public sealed class OrderPlacedConsumer(InventoryDbContext db, TimeProvider clock, ILogger<OrderPlacedConsumer> logger) : IConsumer<OrderPlaced>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<OrderPlaced> context)
    {
        var answer = await Reserve(db, context.Message, clock.GetUtcNow(), logger, context.CancellationToken);
        if (answer is not null)
            await context.Publish(answer, answer.GetType(), context.CancellationToken);
    }

    /// <summary>
    /// Decides on the order and stages the change in <paramref name="db"/> (the caller saves and commits with the answer).
    /// </summary>
    /// <returns>The event to publish, or null when nothing is to be said.</returns>
    public static async Task<IOrderEvent?> Reserve(InventoryDbContext db, OrderPlaced order, DateTimeOffset now, ILogger logger,
        CancellationToken cancellationToken)
    {
        var existing = await db.Reservations.SingleOrDefaultAsync(r => r.OrderId == order.OrderId, cancellationToken);
        if (existing is not null)
            return AnswerAgain(existing, now, logger);

        var lines = (order.Lines ?? []).Select(l => (Sku: l?.Sku ?? "", Quantity: l?.Quantity ?? 0)).ToList();
        var products = await db.LockProductsAsync(lines.Select(l => l.Sku), cancellationToken);

        var reservation = Reservation.Place(order.OrderId, lines, products, now);
        db.Reservations.Add(reservation);

        if (reservation.Status == ReservationStatus.Reserved)
        {
            logger.LogInformation("Reserved stock for order {OrderId}: {Lines}", order.OrderId,
                string.Join(", ", reservation.Lines.Select(l => $"{l.Quantity} x {l.Sku}")));
            return new InventoryReserved(order.OrderId, now);
        }

        logger.LogInformation("Rejected order {OrderId}: {Reason}", order.OrderId, reservation.Reason);
        return new InventoryReservationFailed(order.OrderId, reservation.Reason!, now);
    }

    static IOrderEvent? AnswerAgain(Reservation existing, DateTimeOffset now, ILogger logger)
    {
        if (existing.IsTombstone)
        {
            logger.LogInformation("Order {OrderId} arrived after its stock release was requested; nothing is reserved", existing.OrderId);
            return null;
        }

        logger.LogInformation("Order {OrderId} was decided before ({Status}); nothing more is reserved", existing.OrderId, existing.Status);
        return existing.Status switch
        {
            ReservationStatus.Reserved => new InventoryReserved(existing.OrderId, now),
            ReservationStatus.Rejected => new InventoryReservationFailed(existing.OrderId, existing.Reason ?? "Insufficient stock", now),
            _ => null,
        };
    }
}
