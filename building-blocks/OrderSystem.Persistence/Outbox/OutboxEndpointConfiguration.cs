using MassTransit;
using MassTransit.Configuration;
using Microsoft.EntityFrameworkCore;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Gives every receive endpoint the outbox scheduler and every consumer and saga on it the inbox and consumer outbox.</summary>
sealed class OutboxEndpointConfiguration<TDbContext>(IRegistrationContext context) : IConfigureReceiveEndpoint
    where TDbContext : DbContext
{
    public void Configure(string name, IReceiveEndpointConfigurator configurator)
    {
        configurator.UseFilter(new OutboxSchedulerFilter());
        var observer = new OutboxConsumePipeSpecificationObserver<TDbContext>(configurator, context);
        configurator.ConnectConsumerConfigurationObserver(observer);
        configurator.ConnectSagaConfigurationObserver(observer);
    }
}
