using MassTransit;
using MassTransit.Configuration;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

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

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        EntityEntry<TSaga> entry = dbContext.Set<TSaga>().Add(instance);
        try
        {
            await dbContext.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone else created it first; EF rolled back to its savepoint, so the transaction is still usable.
            entry.State = EntityState.Detached;
            return default!;
        }

        return await factory.CreateSagaConsumeContext(dbContext, context, instance, SagaConsumeContextMode.Insert);
    }

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

/// <summary>Read-only saga access for MassTransit's load and query repositories.</summary>
sealed class EfSagaQueryContext<TSaga>(DbContext dbContext, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), QuerySagaRepositoryContext<TSaga>, LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    public Task<TSaga> Load(Guid correlationId) =>
        dbContext.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == correlationId, CancellationToken)!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        var ids = await dbContext.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(x => x.CorrelationId)
            .ToListAsync(cancellationToken);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }
}

/// <summary>Registers the EF Core saga repository.</summary>
public static class EfSagaRepositoryExtensions
{
    /// <summary>
    /// Persists <typeparamref name="TSaga"/> in <typeparamref name="TDbContext"/> with optimistic concurrency.
    /// Map the saga in the DbContext with <see cref="SagaModelBuilderExtensions.MapSaga{TSaga}"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> EntityFrameworkRepository<TSaga, TDbContext>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISagaVersion
        where TDbContext : DbContext =>
        configurator.Repository(r =>
        {
            r.RegisterLoadSagaRepository<TSaga, EfSagaRepositoryContextFactory<TSaga, TDbContext>>();
            r.RegisterQuerySagaRepository<TSaga, EfSagaRepositoryContextFactory<TSaga, TDbContext>>();
            r.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, EfSagaRepositoryContextFactory<TSaga, TDbContext>>();
        });
}

/// <summary>Maps saga state the way the repository expects.</summary>
public static class SagaModelBuilderExtensions
{
    /// <summary>Maps <typeparamref name="TSaga"/>: correlation id as key (never generated), version as concurrency token.</summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TSaga> MapSaga<TSaga>(this ModelBuilder modelBuilder, string table)
        where TSaga : class, ISagaVersion
    {
        var entity = modelBuilder.Entity<TSaga>();
        entity.ToTable(table);
        entity.HasKey(x => x.CorrelationId);
        entity.Property(x => x.CorrelationId).ValueGeneratedNever();
        entity.Property(x => x.Version).IsConcurrencyToken();
        return entity;
    }
}
