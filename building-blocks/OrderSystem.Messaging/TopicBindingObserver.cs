using MassTransit;
using OrderSystem.Contracts;
using RabbitMQ.Client;

namespace OrderSystem.Messaging;

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
