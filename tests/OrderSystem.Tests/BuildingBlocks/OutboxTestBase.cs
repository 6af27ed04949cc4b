using OrderSystem.Contracts;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>What every outbox test starts from: its own vhost and database, and a raw broker connection to watch.</summary>
public abstract class OutboxTestBase : IAsyncLifetime
{
    protected IsolatedInfrastructure Infrastructure { get; } = new();

    protected RawBroker Broker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Infrastructure.InitializeAsync();
        Broker = await RawBroker.Connect(Infrastructure.VirtualHost);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Infrastructure.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static ProductUpdated Product(string sku) => new(sku, "Widget", 1m, 1, DateTimeOffset.UtcNow);
}
