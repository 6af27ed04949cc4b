using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Messaging;

namespace OrderSystem.Inventory.Features.Reservations;

/// <summary>
/// Turns a confirmed order's reservation into a sale (queue <c>inventory.order-confirmed</c>) and answers
/// <c>InventoryCommitted</c>; a repeated confirmation sells nothing more and gets the same answer.
/// </summary>
/// <remarks>
/// A confirmation for an order whose stock is not held (never reserved, released or rejected) cannot be honoured
/// without selling stock nobody reserved: it goes to the dead-letter queue with the reason instead of being dropped.
/// </remarks>
public sealed class OrderConfirmedConsumer(InventoryDbContext db, TimeProvider clock, ILogger<OrderConfirmedConsumer> logger)
    : IConsumer<OrderConfirmed>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        var answer = await Commit(db, context.Message.OrderId, clock.GetUtcNow(), logger, context.CancellationToken);
        await context.Publish(answer, context.CancellationToken);
    }

    /// <summary>Stages the sale in <paramref name="db"/> (the caller saves and commits with the answer).</summary>
    /// <returns>The event to publish.</returns>
    /// <exception cref="PermanentMessageException">The order holds no stock to sell.</exception>
    public static async Task<InventoryCommitted> Commit(InventoryDbContext db, Guid orderId, DateTimeOffset now, ILogger logger,
        CancellationToken cancellationToken)
    {
        var reservation = await db.Reservations.SingleOrDefaultAsync(r => r.OrderId == orderId, cancellationToken)
            ?? throw new PermanentMessageException($"Order {orderId} was confirmed but Inventory never reserved stock for it.");

        var products = reservation.Status == ReservationStatus.Reserved
            ? await db.LockProductsAsync(reservation.Lines.Select(l => l.Sku), cancellationToken)
            : [];
        var outcome = reservation.Sell(products, now);
        if (outcome == SaleOutcome.NotHeld)
        {
            throw new PermanentMessageException(
                $"Order {orderId} was confirmed but its reservation is {reservation.Status}{(reservation.IsTombstone ? " (tombstone)" : "")}: no stock is held to sell.");
        }

        logger.LogInformation("Order {OrderId} confirmed: {Outcome}", orderId, outcome);
        return new InventoryCommitted(orderId, now);
    }
}
