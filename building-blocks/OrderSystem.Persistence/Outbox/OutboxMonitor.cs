using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderSystem.Messaging.Hosting;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Reads the outbox backlog every few seconds for the <c>pending_messages</c> and <c>oldest_pending_age</c> gauges.</summary>
sealed class OutboxMonitor<TDbContext>(IServiceScopeFactory scopeFactory, ILogger<OutboxMonitor<TDbContext>> logger) : PeriodicWork(logger)
    where TDbContext : DbContext
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override string FailureMessage => "Could not read the outbox backlog";

    protected override LogLevel FailureLevel => LogLevel.Debug;

    protected override bool RunAtStart => false;

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = DateTime.UtcNow;
        var pending = await db.Set<OutboxMessage>().LongCountAsync(stoppingToken);
        var oldestDue = await db.Set<OutboxTransaction>().Where(t => t.AvailableAt <= now)
            .OrderBy(t => t.AvailableAt).Select(t => (DateTime?)t.AvailableAt).FirstOrDefaultAsync(stoppingToken);
        OutboxTelemetry.Backlog = (pending, oldestDue is { } due ? (now - due).TotalSeconds : 0);
    }
}
