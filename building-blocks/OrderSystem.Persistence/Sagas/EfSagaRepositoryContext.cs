using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Sagas;

/// <summary>Loads, inserts, updates and deletes one saga instance through the DbContext.</summary>
sealed class EfSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    readonly DbContext dbContext;
    readonly ConsumeContext<TMessage> context;
    readonly ISagaConsumeContextFactory<DbContext, TSaga> factory;

    public EfSagaRepositoryContext(DbContext dbContext, ConsumeContext<TMessage> context, ISagaConsumeContextFactory<DbContext, TSaga> factory)
        : base(context, dbContext)
    {
        this.dbContext = dbContext;
        this.context = context;
        this.factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(dbContext, context, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance) =>
        await SagaInsert.TryInsertAsync(dbContext, instance, CancellationToken)
            ? await factory.CreateSagaConsumeContext(dbContext, context, instance, SagaConsumeContextMode.Insert)
            : default!;

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await dbContext.Set<TSaga>().SingleOrDefaultAsync(x => x.CorrelationId == correlationId, CancellationToken);
        return instance is null
            ? default!
            : await factory.CreateSagaConsumeContext(dbContext, context, instance, SagaConsumeContextMode.Load);
    }

    // Save, Update and Delete only stage the change: the transaction's owner saves it together with the inbox row and the
    // outbox messages in one batch just before the commit (a save here would cost a savepoint, a release and a round trip).
    // A concurrent update then fails that final save with DbUpdateConcurrencyException and the retry policy runs again.

    public Task Save(SagaConsumeContext<TSaga> context)
    {
        context.Saga.Version = 1;
        dbContext.Set<TSaga>().Add(context.Saga);
        return Task.CompletedTask;
    }

    public Task Update(SagaConsumeContext<TSaga> context)
    {
        // The original Version is the concurrency token: the UPDATE matches no row if someone else saved in between.
        context.Saga.Version++;
        return Task.CompletedTask;
    }

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        dbContext.Set<TSaga>().Remove(context.Saga);
        return Task.CompletedTask;
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = dbContext.ChangeTracker.Entries<TSaga>().FirstOrDefault(x => x.Entity.CorrelationId == context.Saga.CorrelationId);
        if (entry is not null)
            entry.State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class => factory.CreateSagaConsumeContext(dbContext, consumeContext, instance, mode);
}
