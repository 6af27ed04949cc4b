using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Persistence.Inbox;

/// <summary>
/// Plugs the EF Core inbox and outbox into MassTransit's consumer outbox pipeline
/// (<see cref="OutboxConsumeFilter{TContext,TMessage}"/> and <see cref="OutboxMessagePipe{TMessage}"/>).
/// Unlike MassTransit's own EF outbox, everything happens in ONE transaction: claim the inbox row, run the consumer,
/// store its state change and the messages it published. Delivery is left to the relay, woken on commit.
/// </summary>
sealed class InboxOutboxContextFactory<TDbContext>(TDbContext dbContext, IServiceProvider provider) : IOutboxContextFactory<TDbContext>
    where TDbContext : DbContext
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId()
            ?? throw new MessageException(typeof(T), "A MessageId is required for the inbox.");

        var alreadyConsumed = false;
        var strategy = dbContext.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            dbContext.ChangeTracker.Clear();
            await using var transaction = await dbContext.Database.BeginTransactionAsync(context.CancellationToken);
            try
            {
                // Claim the inbox row first. A duplicate being processed concurrently (another replica) holds the same key:
                // this insert waits for it, then fails as a duplicate, and we acknowledge without side effects.
                await dbContext.Database.ExecuteSqlRawAsync(InboxStatements.Cached(dbContext).Claim,
                    [messageId, options.ConsumerId, Truncate(options.ConsumerType, 256), DateTime.UtcNow], context.CancellationToken);
            }
            catch (Exception exception) when (DatabaseErrors.IsUniqueViolation(exception))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                dbContext.ChangeTracker.Clear();
                alreadyConsumed = true;
                return;
            }

            try
            {
                var outboxContext = new InboxOutboxConsumeContext<T>(context, options, provider, dbContext, isMessageConsumed: false);
                await next.Send(outboxContext);

                await SaveWithoutSavepoint(context.CancellationToken);
                await transaction.CommitAsync(context.CancellationToken);
            }
            catch
            {
                // Nothing of a failed attempt may leak into the retry: roll back and forget tracked entities.
                dbContext.ChangeTracker.Clear();
                throw;
            }
        });

        if (alreadyConsumed)
        {
            // MassTransit's pipe sees a consumed and delivered message: it acknowledges it and records it as consumed.
            var duplicateContext = new InboxOutboxConsumeContext<T>(context, options, provider, dbContext, isMessageConsumed: true);
            await next.Send(duplicateContext);
        }
    }

    /// <summary>
    /// SaveChanges inside our transaction without EF's automatic savepoint (a SAVEPOINT and a RELEASE round trip each):
    /// when our save fails the whole transaction is rolled back anyway. Consumers keep savepoints for their
    /// saves (some catch a unique violation and carry on in the same transaction).
    /// </summary>
    async Task SaveWithoutSavepoint(CancellationToken cancellationToken)
    {
        var database = dbContext.Database;
        var enabled = database.AutoSavepointsEnabled;
        database.AutoSavepointsEnabled = false;
        try
        {
            await dbContext.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            database.AutoSavepointsEnabled = enabled;
        }
    }

    static string Truncate(string? value, int length) =>
        value is null ? "" : value.Length <= length ? value : value[..length];

    public void Probe(ProbeContext context) => context.CreateFilterScope("inboxOutbox").Add("provider", "OrderSystem.Persistence");
}
