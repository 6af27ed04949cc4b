using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OrderSystem.Messaging.Retry;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Inbox;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Persistence;

/// <summary>The one registration call of the persistence building block.</summary>
public static class ServicePersistenceExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> as the service's DbContext, backed by <typeparamref name="TPostgres"/> or
    /// <typeparamref name="TSqlServer"/> (each carries its own migrations) according to <c>Database:Provider</c>, together
    /// with everything that depends on it: migrations at start-up, a "ready" health check, the database errors the
    /// consumers' retry policy treats as outages, and the transactional outbox and inbox: publishes and sends from request
    /// scopes go to the outbox, every consumer and saga gets the inbox (each message processed once) and the consumer outbox
    /// (its publishes commit with its state change), a relay woken on commit delivers the outbox, and a cleanup trims the inbox.
    /// Call it before <c>AddMessaging</c>: migrations must finish before the bus starts its consumers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The bus is already registered.</exception>
    public static IHostApplicationBuilder AddServicePersistence<TContext, TPostgres, TSqlServer>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Hosted services start in registration order and MassTransit registers its own when the bus is added.
        if (services.Any(d => d.ServiceType == typeof(IBus)))
            throw new InvalidOperationException("Call AddServicePersistence before AddMessaging, so that migrations run before consumers start.");

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransientFailureClassifier, DatabaseTransientFailures>());
        services.TryAddSingleton<OutboxRelaySignal>();
        services.TryAddSingleton<OutboxCommitInterceptor>();
        builder.AddDatabase<TContext, TPostgres, TSqlServer>(
            (provider, options) => options.AddInterceptors(provider.GetRequiredService<OutboxCommitInterceptor>()));
        AddOutbox<TContext>(services);
        return builder;
    }

    static void AddOutbox<TContext>(IServiceCollection services)
        where TContext : ServiceDbContext
    {
        services.AddOptions<OutboxRelayOptions>().BindConfiguration(OutboxRelayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Replaces MassTransit's scoped bus context whichever is registered first (MassTransit's own is a TryAdd).
        services.RemoveAll<IScopedBusContextProvider<IBus>>();
        services.AddScoped<IScopedBusContextProvider<IBus>, TransactionalBusContextProvider<TContext>>();
        services.TryAddScoped<IOutboxContextFactory<TContext>, InboxOutboxContextFactory<TContext>>();

        // Schedules (saga timeouts) become delayed outbox rows: durable, transactional, no broker plugin needed. Consumers
        // get OutboxSchedulerFilter's scheduler, which can also cancel them; this one is for code outside a consumer.
        services.TryAddScoped<IMessageScheduler>(provider => provider.GetRequiredService<ISendEndpointProvider>()
            .CreateDelayedMessageScheduler(provider.GetRequiredService<IBus>().Topology));

        services.AddHostedService<OutboxRelay<TContext>>();
        services.AddHostedService<InboxCleanup<TContext>>();
        services.AddHostedService<OutboxMonitor<TContext>>();

        // What AddConfigureEndpointsCallback registers, registered here so that no bus configurator is needed.
        services.AddSingleton(provider => Bind<IBus>.Create<IConfigureReceiveEndpoint>(
            new OutboxEndpointConfiguration<TContext>(provider.GetRequiredService<Bind<IBus, IBusRegistrationContext>>().Value)));
    }
}
