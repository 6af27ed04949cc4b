using System.Diagnostics;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Inbox;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Persistence;

/// <summary>The inbox clean-up deletes in bounded batches while consumers keep inserting, on the real PostgreSQL.</summary>
public sealed class InboxCleanupTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    const int Expired = 12_000;
    const int BatchSize = 1_000;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Expired_rows_go_in_bounded_batches_while_concurrent_consumers_insert_theirs()
    {
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "PostgreSQL-specific statements");
        await using (var seed = database.CreateContext())
        {
            await seed.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"InboxMessages\" (\"MessageId\", \"ConsumerId\", \"ConsumerType\", \"ConsumedAt\") " +
                "SELECT gen_random_uuid(), gen_random_uuid(), 'expired', now() - interval '30 days' FROM generate_series(1, {0})", [Expired], Ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var consumers = Enumerable.Range(0, 4).Select(_ => Consume(stop.Token)).ToList();

        IReadOnlyList<int> batches;
        await using (var cleanup = database.CreateContext())
            batches = await InboxCleanup<TestDbContext>.DeleteExpiredAsync(cleanup, DateTime.UtcNow.AddDays(-7), BatchSize, Ct);
        await stop.CancelAsync();
        var consumed = await Task.WhenAll(consumers);

        batches.Should().OnlyContain(count => count <= BatchSize, "no statement deletes more than a batch");
        batches.Sum().Should().Be(Expired);
        batches.Count.Should().BeGreaterThanOrEqualTo(Expired / BatchSize);
        consumed.Sum(c => c.Inserted).Should().BePositive("the consumers kept working during the clean-up");
        await using var check = database.CreateContext();
        (await check.InboxMessages.CountAsync(m => m.ConsumerType == "expired", Ct)).Should().Be(0);
        (await check.InboxMessages.CountAsync(m => m.ConsumerType == "fresh", Ct)).Should().Be(consumed.Sum(c => c.Inserted), "fresh rows are kept");
    }

    [Fact]
    public async Task A_row_another_transaction_holds_is_skipped_rather_than_waited_for()
    {
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "PostgreSQL-specific statements");
        var held = Guid.NewGuid();
        await using (var seed = database.CreateContext())
        {
            seed.InboxMessages.AddRange(
                new InboxMessage { MessageId = held, ConsumerId = Guid.NewGuid(), ConsumerType = "held", ConsumedAt = DateTime.UtcNow.AddDays(-30) },
                new InboxMessage { MessageId = Guid.NewGuid(), ConsumerId = Guid.NewGuid(), ConsumerType = "held", ConsumedAt = DateTime.UtcNow.AddDays(-30) });
            await seed.SaveChangesAsync(Ct);
        }

        await using var holder = database.CreateContext();
        await using var holding = await holder.Database.BeginTransactionAsync(Ct);
        await holder.Database.ExecuteSqlRawAsync("SELECT 1 FROM \"InboxMessages\" WHERE \"MessageId\" = {0} FOR UPDATE", [held], Ct);

        await using var cleanup = database.CreateContext();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var batches = await InboxCleanup<TestDbContext>.DeleteExpiredAsync(cleanup, DateTime.UtcNow.AddDays(-7), BatchSize, timeout.Token);
        await holding.RollbackAsync(Ct);

        batches.Sum().Should().Be(1);
        (await cleanup.InboxMessages.Where(m => m.ConsumerType == "held").Select(m => m.MessageId).ToListAsync(Ct)).Should().Equal(held);

        // The class shares one database: leave no expired row behind for the other test's exact count.
        await cleanup.InboxMessages.Where(m => m.ConsumerType == "held").ExecuteDeleteAsync(Ct);
    }

    /// <summary>Inserts fresh inbox rows in transactions of their own, as consumers claiming messages do.</summary>
    async Task<(int Inserted, TimeSpan Slowest)> Consume(CancellationToken stop)
    {
        var inserted = 0;
        var slowest = TimeSpan.Zero;
        await using var db = database.CreateContext();
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
            {
                db.InboxMessages.Add(new InboxMessage
                {
                    MessageId = Guid.NewGuid(), ConsumerId = Guid.NewGuid(), ConsumerType = "fresh", ConsumedAt = DateTime.UtcNow,
                });
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }

            db.ChangeTracker.Clear();
            inserted++;
            var elapsed = Stopwatch.GetElapsedTime(started);
            slowest = elapsed > slowest ? elapsed : slowest;
        }

        return (inserted, slowest);
    }
}
