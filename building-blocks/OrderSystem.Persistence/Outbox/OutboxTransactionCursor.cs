using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// The outbox transaction a unit of work publishes into, and the position of its next message. Positions are assigned
/// here, by the application, because the database's identity order of one batched insert is not the publish order.
/// </summary>
sealed class OutboxTransactionCursor(DbContext dbContext, bool newTransactionAfterSave)
{
    readonly Lock _lock = new();
    OutboxTransaction? _current;
    int _nextPosition;

    /// <summary>
    /// The outbox transaction for the next message and that message's position. A transaction row no longer tracked
    /// (the unit of work cleared its change tracker to retry, say) is gone: the next message starts a new one, or it
    /// would be stored without a transaction row and never relayed. With <c>newTransactionAfterSave</c>, a row already
    /// saved (Unchanged) is finished too: later publishes belong to the next unit of work.
    /// </summary>
    public (Guid OutboxId, int Position) Next()
    {
        lock (_lock)
        {
            // Entry() looks the entity up afresh; an EntityEntry kept from Add() still says Added after ChangeTracker.Clear().
            var state = _current is null ? EntityState.Detached : dbContext.Entry(_current).State;
            if (_current is null || state == EntityState.Detached || (newTransactionAfterSave && state == EntityState.Unchanged))
            {
                var now = DateTime.UtcNow;
                _current = new OutboxTransaction
                {
                    OutboxId = DatabaseDialect.For(dbContext).NewSequentialId(),
                    CreatedAt = now,
                    AvailableAt = now,
                };
                dbContext.Set<OutboxTransaction>().Add(_current);
                _nextPosition = 0;
            }

            return (_current.OutboxId, _nextPosition++);
        }
    }
}
