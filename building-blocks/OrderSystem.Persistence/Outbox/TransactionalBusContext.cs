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
    // A new outbox transaction per committed unit of work: a scope may save (and commit) several times.
    readonly OutboxTransactionCursor _cursor = new(dbContext, newTransactionAfterSave: true);
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
        OutboxWriter.Add(dbContext, context, _cursor);
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);
}
