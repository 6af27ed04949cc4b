using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrderSystem.Messaging.Telemetry;

/// <summary>Registers the consumer telemetry (span tags, log scope, duration and failure metrics) for every endpoint.</summary>
public static class MessagingTelemetryExtensions
{
    /// <summary>
    /// Adds the consume telemetry filter in front of every consumer and saga of the endpoints MassTransit configures.
    /// Idempotent. <see cref="MessagingExtensions.AddMessaging"/> calls it; call it yourself only for a bus set up differently.
    /// </summary>
    public static IServiceCollection AddMessagingTelemetry(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureReceiveEndpoint, ConsumeTelemetryEndpointConfigurator>());
        return services;
    }
}
