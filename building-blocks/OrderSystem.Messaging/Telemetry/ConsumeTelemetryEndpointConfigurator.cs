using MassTransit;
using Microsoft.Extensions.Logging;

namespace OrderSystem.Messaging.Telemetry;

/// <summary>
/// Applied by MassTransit to every endpoint that <c>ConfigureEndpoints</c> creates, before the endpoint's consumers are
/// added and before the bus's own endpoint callbacks (retry, inbox/outbox), so the telemetry filter is the outermost
/// per-consumer filter: its duration includes the inbox/outbox transaction, and each retry attempt is measured apart.
/// </summary>
sealed class ConsumeTelemetryEndpointConfigurator(ILoggerFactory loggerFactory) : IConfigureReceiveEndpoint
{
    readonly ILogger _logger = loggerFactory.CreateLogger("OrderSystem.Messaging.Consume");

    public void Configure(string name, IReceiveEndpointConfigurator configurator)
    {
        var observer = new ConsumeTelemetryObserver(name, _logger);
        configurator.ConnectConsumerConfigurationObserver(observer);
        configurator.ConnectSagaConfigurationObserver(observer);
    }
}
