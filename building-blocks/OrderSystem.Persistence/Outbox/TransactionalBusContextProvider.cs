using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Outbox;

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
