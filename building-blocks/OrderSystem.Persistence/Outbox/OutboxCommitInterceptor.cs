using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// Wakes the relay right after outbox messages become visible: after SaveChanges when there was no explicit
/// transaction, otherwise after the transaction commits. Works for HTTP handlers and consumers alike.
/// </summary>
sealed class OutboxCommitInterceptor(OutboxRelaySignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext context
            && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            context.HasUncommittedOutboxMessages = true;
        }

        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext { Database.CurrentTransaction: null } context)
            NotifyIfPending(context);

        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is ServiceDbContext { Database.CurrentTransaction: null } context)
            context.HasUncommittedOutboxMessages = false;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext context)
            NotifyIfPending(context);

        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is ServiceDbContext context)
            NotifyIfPending(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext context)
            context.HasUncommittedOutboxMessages = false;

        return Task.CompletedTask;
    }

    void NotifyIfPending(ServiceDbContext context)
    {
        if (!context.HasUncommittedOutboxMessages)
            return;

        context.HasUncommittedOutboxMessages = false;
        signal.Notify();
    }
}
