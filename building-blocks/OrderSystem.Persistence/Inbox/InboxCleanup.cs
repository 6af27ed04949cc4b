using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Persistence.Inbox;

/// <summary>
/// Deletes inbox rows older than the retention window. Delivered outbox rows need no cleanup: the relay deletes them
/// in the same transaction that claimed them.
/// </summary>
sealed class InboxCleanup<TDbContext>(IServiceScopeFactory scopeFactory, IOptions<OutboxRelayOptions> options, ILogger<InboxCleanup<TDbContext>> logger)
    : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        do
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
                var cutoff = DateTime.UtcNow - options.Value.InboxRetention;
                var deleted = await dbContext.Set<InboxMessage>().Where(m => m.ConsumedAt < cutoff).ExecuteDeleteAsync(stoppingToken);
                if (deleted > 0)
                    logger.LogInformation("Inbox cleanup removed {Count} rows older than {Cutoff:o}", deleted, cutoff);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Inbox cleanup failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
