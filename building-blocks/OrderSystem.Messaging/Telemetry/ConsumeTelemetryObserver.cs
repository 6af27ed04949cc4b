using MassTransit;
using Microsoft.Extensions.Logging;

namespace OrderSystem.Messaging.Telemetry;

/// <summary>Puts a <see cref="ConsumeTelemetryFilter{T}"/> in front of every consumer and saga of one receive endpoint.</summary>
sealed class ConsumeTelemetryObserver(string queueName, ILogger logger) : IConsumerConfigurationObserver, ISagaConfigurationObserver
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class =>
        configurator.Message(m => m.UseFilter(new ConsumeTelemetryFilter<TMessage>(queueName, logger)));

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
        where TMessage : class =>
        configurator.Message(m => m.UseFilter(new ConsumeTelemetryFilter<TMessage>(queueName, logger)));
}
