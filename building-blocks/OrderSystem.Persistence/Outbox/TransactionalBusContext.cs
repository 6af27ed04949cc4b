using MassTransit;
using MassTransit.Clients;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// The bus as seen from a request scope (an HTTP handler): publish and send write to the outbox through the
/// scope's DbContext instead of the broker, so they commit (or roll back) with the handler's SaveChanges.
/// </summary>
sealed class TransactionalBusContext<TDbContext>(IBus bus, TDbContext dbContext, IClientFactory clientFactory, IServiceProvider provider)
    : ScopedBusContext, OutboxSendContext
    where TDbContext : DbContext
{
    readonly Lock _lock = new();
    Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<OutboxTransaction>? _transaction;
    IPublishEndpoint? _publishEndpoint;
    ISendEndpointProvider? _sendEndpointProvider;
    IScopedClientFactory? _clientFactory;

    public ISendEndpointProvider SendEndpointProvider => _sendEndpointProvider ??= new OutboxSendEndpointProvider(this, bus);

    public IPublishEndpoint PublishEndpoint => _publishEndpoint ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

    public IScopedClientFactory ClientFactory =>
        _clientFactory ??= new ScopedClientFactory(new ClientFactory(new ScopedClientFactoryContext(clientFactory, provider)), null);

    public Task AddSend<T>(SendContext<T> context)
        where T : class
    {
        OutboxWriter.Add(dbContext, context, CurrentTransaction);
        return Task.CompletedTask;
    }

    Guid CurrentTransaction()
    {
        lock (_lock)
        {
            // A new outbox transaction row per committed unit of work: once SaveChanges stored the previous one
            // (state Unchanged), later publishes in the same scope belong to the next transaction.
            if (_transaction is null || _transaction.State is EntityState.Unchanged or EntityState.Detached)
            {
                var now = DateTime.UtcNow;
                _transaction = dbContext.Set<OutboxTransaction>().Add(new OutboxTransaction
                {
                    OutboxId = NewId.NextGuid(),
                    CreatedAt = now,
                    AvailableAt = now,
                });
            }

            return _transaction.Entity.OutboxId;
        }
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);
}

/// <summary>
/// Replaces MassTransit's scoped bus context: inside a consumer the consume context (itself an outbox) is used;
/// anywhere else, publishes go through <see cref="TransactionalBusContext{TDbContext}"/>.
/// </summary>
sealed class TransactionalBusContextProvider<TDbContext> : IScopedBusContextProvider<IBus>
    where TDbContext : DbContext
{
    public TransactionalBusContextProvider(IBus bus, TDbContext dbContext, Bind<IBus, IClientFactory> clientFactory,
        Bind<IBus, IScopedConsumeContextProvider> consumeContextProvider, IScopedConsumeContextProvider globalConsumeContextProvider,
        IServiceProvider provider)
    {
        if (consumeContextProvider.Value.HasContext)
            Context = new ConsumeContextScopedBusContext(consumeContextProvider.Value.GetContext(), clientFactory.Value);
        else if (globalConsumeContextProvider.HasContext)
            Context = new ConsumeContextScopedBusContext(globalConsumeContextProvider.GetContext(), clientFactory.Value);
        else
            Context = new TransactionalBusContext<TDbContext>(bus, dbContext, clientFactory.Value, provider);
    }

    public ScopedBusContext Context { get; }
}
