using MassTransit;
using OrderSystem.Contracts;
using OrderSystem.Order.Persistence;

namespace OrderSystem.Order.Features.Catalogue;

/// <summary>
/// Asks Inventory for the whole catalogue once the bus is up, so the replica is complete even if Inventory published
/// while Order's queue did not exist yet. Goes through the outbox like every other publish.
/// </summary>
public sealed class CatalogueSyncOnStartup(IServiceScopeFactory scopeFactory, IBusControl bus, TimeProvider clock, ILogger<CatalogueSyncOnStartup> logger)
    : BackgroundService
{
    static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Our own queue must exist before we ask, or the answer would route nowhere.
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);

        // A database outage at this moment must only delay the request: an exception escaping here would stop the host.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RequestCatalogue(stoppingToken);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Min(attempt, 10) - 1)));
                logger.LogWarning(exception, "Could not ask Inventory for the catalogue (attempt {Attempt}); trying again in {Delay}", attempt, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    async Task RequestCatalogue(CancellationToken stoppingToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var publish = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        await publish.Publish(new CatalogueSyncRequested(Environment.MachineName, clock.GetUtcNow()), stoppingToken);
        await db.SaveChangesAsync(stoppingToken);
        logger.LogInformation("Asked Inventory for the catalogue");
    }
}
