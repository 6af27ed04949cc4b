using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderSystem.Messaging.Hosting;
using OrderSystem.Persistence.Outbox;

namespace OrderSystem.Persistence.Inbox;

/// <summary>
/// Deletes inbox rows older than the retention window, in bounded batches that each commit on their own, so that the
/// clean-up never holds more than a batch of row locks while consumers insert their inbox rows. Delivered outbox rows
/// need no cleanup: the relay deletes them in the same transaction that claimed them.
/// </summary>
sealed class InboxCleanup<TDbContext>(IServiceScopeFactory scopeFactory, IOptions<OutboxRelayOptions> options, ILogger<InboxCleanup<TDbContext>> logger)
    : PeriodicWork(logger)
    where TDbContext : DbContext
{
    protected override TimeSpan Interval => options.Value.CleanupInterval;

    protected override string FailureMessage => "Inbox cleanup failed; will try again";

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = DateTime.UtcNow - options.Value.InboxRetention;
        var batches = await DeleteExpiredAsync(dbContext, cutoff, InboxStatements.Cached(dbContext).BatchSize, stoppingToken);
        if (batches.Count > 0)
            logger.LogInformation("Inbox cleanup removed {Count} rows older than {Cutoff:o} in {Batches} batches", batches.Sum(), cutoff, batches.Count);
    }

    /// <summary>Deletes rows consumed before <paramref name="cutoff"/>, <paramref name="batchSize"/> at a time; returns each batch's count.</summary>
    internal static async Task<IReadOnlyList<int>> DeleteExpiredAsync(DbContext dbContext, DateTime cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var statement = InboxStatements.Cached(dbContext).DeleteExpiredBatch;
        var batches = new List<int>();
        int deleted;
        do
        {
            deleted = await dbContext.Database.ExecuteSqlRawAsync(statement, [cutoff, batchSize], cancellationToken);
            if (deleted > 0)
                batches.Add(deleted);
        }
        while (deleted >= batchSize);
        return batches;
    }
}
