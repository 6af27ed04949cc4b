using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrderSystem.Persistence.Database;

/// <summary>
/// Applies EF Core migrations before the bus and the web server start, retrying while the database is not yet
/// reachable. EF Core takes a database lock while migrating, so replicas starting together do not collide.
/// </summary>
sealed class DatabaseMigrator<TDbContext>(IServiceScopeFactory scopeFactory, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator<TDbContext>> logger)
    : IHostedService
    where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
            return;

        var deadline = DateTime.UtcNow + options.Value.StartupTimeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
                await dbContext.Database.MigrateAsync(cancellationToken);
                logger.LogInformation("Database {Database} is migrated ({Provider})", typeof(TDbContext).Name, dbContext.Database.ProviderName);
                return;
            }
            catch (Exception exception) when (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Database not ready (attempt {Attempt}): {Reason}; retrying", attempt, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
