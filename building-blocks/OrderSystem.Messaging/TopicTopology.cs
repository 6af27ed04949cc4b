using System.Reflection;
using MassTransit;
using OrderSystem.Contracts;
using RabbitMQ.Client;

namespace OrderSystem.Messaging;

/// <summary>
/// Applies the broker layout: one durable topic exchange per bounded context, each event published with its
/// routing key, and consumer queues bound explicitly by routing key. No per-type exchanges, no inheritance bindings.
/// </summary>
static class TopicTopology
{
    static readonly MethodInfo ApplyRouteMethod = typeof(TopicTopology).GetMethod(nameof(ApplyRoute), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static void Apply(IRabbitMqBusFactoryConfigurator cfg)
    {
        // The marker interfaces must never become exchanges of their own.
        cfg.Publish<IIntegrationEvent>(p => p.Exclude = true);
        cfg.Publish<IOrderEvent>(p => p.Exclude = true);

        foreach (var eventType in EventRoutes.EventTypes)
            ApplyRouteMethod.MakeGenericMethod(eventType).Invoke(null, [cfg, EventRoutes.Find(eventType)!]);
    }

    static void ApplyRoute<T>(IRabbitMqBusFactoryConfigurator cfg, EventRouteAttribute route)
        where T : class
    {
        cfg.Message<T>(m => m.SetEntityName(route.Exchange));
        cfg.Publish<T>(p => p.ExchangeType = ExchangeType.Topic);
        cfg.Send<T>(s => s.UseRoutingKeyFormatter(_ => route.RoutingKey));
    }
}

/// <summary>
/// Binds a consumer queue to the exchange and routing key of every event its consumers or saga handle,
/// read from <see cref="EventRouteAttribute"/>: a service only says which consumers it has.
/// </summary>
sealed class TopicBindingObserver(IRabbitMqReceiveEndpointConfigurator endpoint) : IConsumerConfigurationObserver, ISagaConfigurationObserver
{
    readonly HashSet<Type> _bound = [];

    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class => Bind(typeof(TMessage));

    public void SagaConfigured<TSaga>(ISagaConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
    {
    }

    public void StateMachineSagaConfigured<TInstance>(ISagaConfigurator<TInstance> configurator, SagaStateMachine<TInstance> stateMachine)
        where TInstance : class, ISaga, SagaStateMachineInstance
    {
    }

    public void SagaMessageConfigured<TSaga, TMessage>(ISagaMessageConfigurator<TSaga, TMessage> configurator)
        where TSaga : class, ISaga
        where TMessage : class => Bind(typeof(TMessage));

    void Bind(Type messageType)
    {
        // Messages without a route (scheduled timeouts, commands sent to the queue) arrive by queue address.
        if (!_bound.Add(messageType) || EventRoutes.Find(messageType) is not { } route)
            return;

        endpoint.Bind(route.Exchange, b =>
        {
            b.ExchangeType = ExchangeType.Topic;
            b.RoutingKey = route.RoutingKey;
        });
    }
}
