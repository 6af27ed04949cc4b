using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Persistence;

/// <summary>Inserting a saga instance swallows a unique violation (someone created it first) and nothing else.</summary>
public sealed class SagaInsertTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instance_created_first_by_someone_else_is_not_inserted_and_the_transaction_goes_on()
    {
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "PostgreSQL-specific statements");
        var id = Guid.NewGuid();
        await using (var first = database.CreateContext())
            (await SagaInsert.TryInsertAsync(first, new CounterState { CorrelationId = id, CurrentState = "Counting", Version = 1 }, Ct)).Should().BeTrue();

        await using var second = database.CreateContext();
        await using var transaction = await second.Database.BeginTransactionAsync(Ct);
        (await SagaInsert.TryInsertAsync(second, new CounterState { CorrelationId = id, CurrentState = "Counting", Version = 1 }, Ct)).Should().BeFalse();

        second.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "after the conflict" });
        await second.SaveChangesAsync(Ct);
        await transaction.CommitAsync(Ct);
        (await second.Widgets.CountAsync(w => w.Name == "after the conflict", Ct)).Should().Be(1);
    }

    [Fact]
    public async Task Any_other_failure_of_the_insert_propagates()
    {
        Assert.SkipUnless(RealInfrastructure.IsPostgres, "PostgreSQL-specific statements");
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);

        // CurrentState is varchar(64): PostgreSQL refuses the value (22001), which is no reason to load someone else's instance.
        var tooLong = new CounterState { CorrelationId = Guid.NewGuid(), CurrentState = new string('x', 65), Version = 1 };
        var insert = () => SagaInsert.TryInsertAsync(db, tooLong, Ct);

        var failure = await insert.Should().ThrowAsync<DbUpdateException>();
        DatabaseErrors.IsUniqueViolation(failure.Which).Should().BeFalse();
    }
}
