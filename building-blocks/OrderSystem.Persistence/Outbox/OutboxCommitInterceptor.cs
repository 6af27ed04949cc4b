using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// Wakes the relay right after outbox messages become visible: after SaveChanges when there was no explicit
/// transaction, otherwise after the transaction commits. Works for HTTP handlers and consumers alike. Also runs or
/// drops the context's <see cref="ServiceDbContext.AfterCommit"/> actions when a transaction ends (and drops leftovers
/// of an abandoned one when the next starts).
/// </summary>
sealed class OutboxCommitInterceptor(OutboxRelaySignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ServiceDbContext context)
        {
            var added = context.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (added.Count > 0)
            {
                EnsureEveryMessageHasItsTransaction(context, added);
                context.HasUncommittedOutboxMessages = true;
            }
        }

        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// The relay claims transaction rows, so a message saved without one would sit in the table forever: refuse the
    /// save instead (it fails the request or the consumer, which retries) rather than lose the message silently.
    /// </summary>
    static void EnsureEveryMessageHasItsTransaction(DbContext context, List<OutboxMessage> added)
    {
        var transactions = context.ChangeTracker.Entries<OutboxTransaction>()
            .Where(e => e.State is EntityState.Added or EntityState.Unchanged or EntityState.Modified)
            .Select(e => e.Entity.OutboxId)
            .ToHashSet();
        var orphan = added.FirstOrDefault(m => !transactions.Contains(m.OutboxId));
        if (orphan is not null)
            throw new InvalidOperationException(
                $"Outbox message {orphan.MessageId} belongs to outbox transaction {orphan.OutboxId}, which this unit of work does not hold; it would never be relayed.");
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

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        (eventData.Context as ServiceDbContext)?.EndTransaction(committed: false);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        (eventData.Context as ServiceDbContext)?.EndTransaction(committed: false);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is ServiceDbContext context)
        {
            NotifyIfPending(context);
            context.EndTransaction(committed: true);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is ServiceDbContext context)
        {
            context.HasUncommittedOutboxMessages = false;
            context.EndTransaction(committed: false);
        }
    }

    void NotifyIfPending(ServiceDbContext context)
    {
        if (!context.HasUncommittedOutboxMessages)
            return;

        context.HasUncommittedOutboxMessages = false;
        signal.Notify();
    }
}
