using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Sagas;

/// <summary>
/// EF Core saga repository for MassTransit state machines. Sagas are versioned (<see cref="ISagaVersion"/>, mapped as a
/// concurrency token): a concurrent update fails with <see cref="DbUpdateConcurrencyException"/> and the endpoint's
/// retry policy runs the message again against the fresh state. The repository uses the scope's DbContext, so inside
/// the inbox/outbox transaction the saga, the inbox row and the published events commit together.
/// </summary>
sealed class EfSagaRepositoryContextFactory<TSaga, TDbContext>(TDbContext dbContext, ISagaConsumeContextFactory<DbContext, TSaga> factory) :
    ISagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
    where TDbContext : DbContext
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        WithinTransaction(() =>
            next.Send(new EfSagaRepositoryContext<TSaga, T>(dbContext, context, factory)), context.CancellationToken);

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        WithinTransaction(async () =>
        {
            var instances = await dbContext.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
            var repositoryContext = new EfSagaRepositoryContext<TSaga, T>(dbContext, context, factory);
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
        }, context.CancellationToken);

    public Task<TResult> Execute<TResult>(Func<LoadSagaRepositoryContext<TSaga>, Task<TResult>> asyncMethod, CancellationToken cancellationToken = default)
        where TResult : class => asyncMethod(new EfSagaQueryContext<TSaga>(dbContext, cancellationToken));

    public Task<TResult> Execute<TResult>(Func<QuerySagaRepositoryContext<TSaga>, Task<TResult>> asyncMethod, CancellationToken cancellationToken = default)
        where TResult : class => asyncMethod(new EfSagaQueryContext<TSaga>(dbContext, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "OrderSystem.Persistence (EF Core, optimistic)");

    /// <summary>
    /// Joins the inbox/outbox transaction when there is one (its owner saves the saga with the inbox row and the outbox
    /// in one batch before committing); otherwise runs in a transaction of its own and saves before committing.
    /// </summary>
    async Task WithinTransaction(Func<Task> work, CancellationToken cancellationToken)
    {
        if (dbContext.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }

        var strategy = dbContext.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            dbContext.ChangeTracker.Clear();
            await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
            await work();
            await dbContext.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }
}
