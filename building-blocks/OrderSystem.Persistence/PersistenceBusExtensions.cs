using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderSystem.Persistence.Inbox;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Persistence;

/// <summary>Wires the EF Core transactional outbox and inbox into MassTransit.</summary>
public static class PersistenceBusExtensions
{
    /// <summary>
    /// Publishes and sends from request scopes go to <typeparamref name="TDbContext"/>'s outbox (bus outbox);
    /// every consumer and saga gets the inbox (process each message once) and the consumer outbox (its publishes
    /// commit with its state change); a background relay delivers the outbox and a cleanup trims the inbox.
    /// </summary>
    public static IBusRegistrationConfigurator AddTransactionalOutbox<TDbContext>(this IBusRegistrationConfigurator bus)
        where TDbContext : ServiceDbContext
    {
        bus.AddOptions<OutboxRelayOptions>().BindConfiguration(OutboxRelayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        bus.RemoveAll<IScopedBusContextProvider<IBus>>();
        bus.AddScoped<IScopedBusContextProvider<IBus>, TransactionalBusContextProvider<TDbContext>>();
        bus.TryAddScoped<IOutboxContextFactory<TDbContext>, InboxOutboxContextFactory<TDbContext>>();

        // Schedules (saga timeouts) become delayed outbox rows: durable, transactional, no broker plugin needed. Consumers
        // get OutboxSchedulerFilter's scheduler, which can also cancel them; this one is for code outside a consumer.
        bus.AddDelayedMessageScheduler();

        bus.AddHostedService<OutboxRelay<TDbContext>>();
        bus.AddHostedService<InboxCleanup<TDbContext>>();
        bus.AddHostedService<OutboxMonitor<TDbContext>>();

        bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
        {
            endpoint.UseFilter(new OutboxSchedulerFilter());
            var observer = new OutboxConsumePipeSpecificationObserver<TDbContext>(endpoint, context);
            endpoint.ConnectConsumerConfigurationObserver(observer);
            endpoint.ConnectSagaConfigurationObserver(observer);
        });
        return bus;
    }
}
