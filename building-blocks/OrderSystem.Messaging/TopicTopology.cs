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
