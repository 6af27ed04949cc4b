using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// The outbox transaction a unit of work publishes into, and the position of its next message. Positions are assigned
/// here, by the application, because the database's identity order of one batched insert is not the publish order.
/// </summary>
sealed class OutboxTransactionCursor(DbContext dbContext, bool newTransactionAfterSave)
{
    readonly Lock _lock = new();
    EntityEntry<OutboxTransaction>? _current;
    int _nextPosition;

    /// <summary>
    /// The outbox transaction for the next message and that message's position. With <c>newTransactionAfterSave</c>, a
    /// transaction row already saved (state Unchanged) is finished: later publishes belong to the next unit of work.
    /// </summary>
    public (Guid OutboxId, int Position) Next()
    {
        lock (_lock)
        {
            if (_current is null || (newTransactionAfterSave && _current.State is EntityState.Unchanged or EntityState.Detached))
            {
                var now = DateTime.UtcNow;
                _current = dbContext.Set<OutboxTransaction>().Add(new OutboxTransaction
                {
                    OutboxId = DatabaseDialect.For(dbContext).NewSequentialId(),
                    CreatedAt = now,
                    AvailableAt = now,
                });
                _nextPosition = 0;
            }

            return (_current.Entity.OutboxId, _nextPosition++);
        }
    }
}
