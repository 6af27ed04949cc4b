using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Reads the outbox backlog every few seconds for the <c>pending_messages</c> and <c>oldest_pending_age</c> gauges.</summary>
sealed class OutboxMonitor<TDbContext>(IServiceScopeFactory scopeFactory, ILogger<OutboxMonitor<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                var now = DateTime.UtcNow;
                var pending = await db.Set<OutboxMessage>().LongCountAsync(stoppingToken);
                var oldestDue = await db.Set<OutboxTransaction>().Where(t => t.AvailableAt <= now)
                    .OrderBy(t => t.AvailableAt).Select(t => (DateTime?)t.AvailableAt).FirstOrDefaultAsync(stoppingToken);
                OutboxTelemetry.Backlog = (pending, oldestDue is { } due ? (now - due).TotalSeconds : 0);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Could not read the outbox backlog");
            }
        }
    }
}
