using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Notification.Domain;
using OrderSystem.Notification.Email;
using OrderSystem.Notification.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Notification.Features.NotifyCustomer;

/// <summary>
/// Tells the customer about a final order once: email (or log), record, <c>CustomerNotified</c>.
/// <para>
/// Guarantee: exactly one notification RECORD per order (unique index on OrderId, checked first, then claimed by inserting
/// the record before sending, so a concurrent duplicate blocks on the index and sends nothing), but the EMAIL is
/// at-least-once. The email is sent before the consumer's transaction commits; if the process dies (or the commit fails)
/// between the two, the message is redelivered and the email goes out a second time. That is the honest trade-off: SMTP cannot join our database transaction, and
/// committing first and sending afterwards would turn a crash into a customer who is never told, which is worse than a
/// rare duplicate (which carries the same Message-ID, so mail clients can fold it).
/// </para>
/// </summary>
public sealed class OrderOutcomeNotifier(NotificationDbContext db, IEmailSender email, TimeProvider clock, ILogger<OrderOutcomeNotifier> logger)
{
    /// <summary>Notifies about a confirmed order.</summary>
    public Task Confirmed(ConsumeContext<OrderConfirmed> context)
    {
        var order = context.Message;
        var total = order.Total.ToString("0.00", CultureInfo.InvariantCulture);
        return Notify(context, order.OrderId, order.CustomerId, NotificationKind.OrderConfirmed, order.CustomerEmail, reason: null,
            $"Your order {ShortId(order.OrderId)} is confirmed",
            $"Good news: your order {order.OrderId} is confirmed. We charged {total} and will ship it soon.");
    }

    /// <summary>Notifies about a cancelled order, with the reason.</summary>
    public Task Cancelled(ConsumeContext<OrderCancelled> context)
    {
        var order = context.Message;
        var reason = string.IsNullOrWhiteSpace(order.Reason) ? "no reason given" : order.Reason;
        return Notify(context, order.OrderId, order.CustomerId, NotificationKind.OrderCancelled, order.CustomerEmail, reason,
            $"Your order {ShortId(order.OrderId)} was cancelled",
            $"Your order {order.OrderId} was cancelled: {reason}. Anything charged has been refunded and reserved items released.");
    }

    async Task Notify<T>(ConsumeContext<T> context, Guid orderId, string? customerId, NotificationKind kind, string? recipient, string? reason,
        string subject, string body)
        where T : class
    {
        if (orderId == Guid.Empty)
            throw new PermanentMessageException($"{typeof(T).Name} carries no order id.");
        if (!IsEmailAddress(recipient))
            throw new PermanentMessageException($"{typeof(T).Name} for order {orderId} has no valid customer email.");

        var existing = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.OrderId == orderId, context.CancellationToken);
        if (existing is not null)
        {
            if (existing.Kind != kind)
                logger.LogWarning("Order {OrderId} was already notified as {Existing}; {Kind} ignored", orderId, existing.Kind, kind);
            return;
        }

        // Claim the order first: the insert takes the unique-index entry inside the consumer's transaction, so a concurrent
        // duplicate (another replica, another message id) waits here until we commit, then finds the record and sends nothing.
        var now = clock.GetUtcNow();
        var notification = OrderNotification.Sent(db.NewSequentialId(), orderId, customerId, kind, recipient!, subject, reason, email.Channel, now);
        db.Notifications.Add(notification);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            // EF rolled back to its savepoint; the transaction (and the inbox row) stay usable.
            db.Entry(notification).State = EntityState.Detached;
            logger.LogInformation("Order {OrderId} was notified concurrently by a duplicate; nothing sent", orderId);
            return;
        }

        // Sent inside the transaction: if sending throws, the claim rolls back and the message is retried.
        await email.SendAsync(new EmailMessage(orderId, recipient!, subject, body), context.CancellationToken);
        await context.Publish(new CustomerNotified(orderId, notification.Id, kind.ToString(), now));
    }

    static string ShortId(Guid orderId) => orderId.ToString("N")[..8];

    static bool IsEmailAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 254
        && MailboxAddress.TryParse(value, out var address) && address.Address == value && value.Contains('@', StringComparison.Ordinal);
}
