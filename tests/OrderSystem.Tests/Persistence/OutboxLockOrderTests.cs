using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Outbox;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Persistence;

/// <summary>
/// A saga cancelling its timeout (OutboxScheduleMessageProvider) while a relay has claimed that timeout: both delete the
/// same outbox transaction with <see cref="OutboxStatements.DeleteTransactions"/>, on the real PostgreSQL.
/// </summary>
public sealed class OutboxLockOrderTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_a_schedule_the_relay_has_claimed_waits_for_the_relay_and_never_deadlocks()
    {
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "PostgreSQL-specific statements");
        for (var round = 0; round < 20; round++)
        {
            var id = await Seed();
            await using var relay = database.CreateContext();
            await using var relayTransaction = await relay.Database.BeginTransactionAsync(Ct);
            var statements = OutboxStatements.For(relay);
            var claimed = await relay.OutboxMessages.FromSqlRaw(statements.ClaimMessages, 10, DateTime.UtcNow).AsNoTracking().ToListAsync(Ct);
            claimed.Should().Contain(m => m.OutboxId == id);

            // The consumer's cancellation starts while the relay holds its claim: it must queue behind the relay.
            await using var consumer = database.CreateContext();
            await using var consumerTransaction = await consumer.Database.BeginTransactionAsync(Ct);
            var consumerPid = ((NpgsqlConnection)consumer.Database.GetDbConnection()).ProcessID;
            var cancel = consumer.Database.ExecuteSqlRawAsync(statements.DeleteTransactions, [statements.IdsParameter([id])], Ct);
            await Wait.Until(() => IsWaitingForALock(consumerPid), "the cancellation waits for the relay's row lock");

            // The relay deletes what it delivered and commits; with messages deleted first by the cancellation, this is a deadlock.
            var relayDelete = await Record(() => relay.Database.ExecuteSqlRawAsync(statements.DeleteTransactions, [statements.IdsParameter([id])], Ct));
            if (relayDelete is null)
                await relayTransaction.CommitAsync(Ct);
            var cancelled = await Record(() => cancel);
            await consumerTransaction.CommitAsync(Ct);

            relayDelete.Should().BeNull($"round {round}: the relay's delete must not fail");
            cancelled.Should().BeNull($"round {round}: the cancellation must not fail");
        }

        await using var check = database.CreateContext();
        (await check.OutboxMessages.CountAsync(Ct)).Should().Be(0);
        (await check.OutboxTransactions.CountAsync(Ct)).Should().Be(0);
    }

    [Fact]
    public async Task Relay_passes_and_cancellations_racing_freely_never_deadlock()
    {
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "PostgreSQL-specific statements");
        var deadlocks = 0;
        for (var round = 0; round < 100; round++)
        {
            var id = await Seed();
            var failures = await Task.WhenAll(Record(() => RelayPass(id)), Record(() => Cancel(id)));
            deadlocks += failures.Count(f => f is not null && DatabaseErrors.IsDeadlock(f));
            failures.Should().OnlyContain(f => f == null, $"round {round}: neither side may fail");
        }

        deadlocks.Should().Be(0);
    }

    async Task RelayPass(Guid id)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        var statements = OutboxStatements.For(db);
        var claimed = await db.OutboxMessages.FromSqlRaw(statements.ClaimMessages, 10, DateTime.UtcNow).AsNoTracking().ToListAsync(Ct);
        await Task.Yield();
        if (claimed.Count > 0)
            await db.Database.ExecuteSqlRawAsync(statements.DeleteTransactions, [statements.IdsParameter(claimed.Select(m => m.OutboxId).Distinct().ToList())], Ct);
        await transaction.CommitAsync(Ct);
    }

    async Task Cancel(Guid id)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        var statements = OutboxStatements.For(db);
        await db.Database.ExecuteSqlRawAsync(statements.DeleteTransactions, [statements.IdsParameter([id])], Ct);
        await transaction.CommitAsync(Ct);
    }

    /// <summary>A due outbox transaction with two messages, like a saga timeout.</summary>
    async Task<Guid> Seed()
    {
        await using var db = database.CreateContext();
        var id = Guid.NewGuid();
        var due = DateTime.UtcNow.AddSeconds(-1);
        db.OutboxTransactions.Add(new OutboxTransaction { OutboxId = id, CreatedAt = due, AvailableAt = due });
        for (var position = 0; position < 2; position++)
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                OutboxId = id, Position = position, MessageId = Guid.NewGuid(), SentTime = due, ContentType = "application/json",
                MessageType = "urn:message:Test", Body = "{}", DestinationAddress = new Uri("exchange:test"),
            });
        }

        await db.SaveChangesAsync(Ct);
        return id;
    }

    async Task<bool> IsWaitingForALock(int pid)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid AND wait_event_type = 'Lock'", connection);
        command.Parameters.AddWithValue("pid", pid);
        return (long)(await command.ExecuteScalarAsync(Ct))! > 0;
    }

    static async Task<Exception?> Record(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
