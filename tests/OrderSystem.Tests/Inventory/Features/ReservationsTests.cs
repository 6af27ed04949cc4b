using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OrderSystem.Contracts;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Features.Reservations;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Messaging;
using OrderSystem.Tests.Inventory.Persistence;

namespace OrderSystem.Tests.Inventory.Features;

/// <summary>
/// Reservations: the consumers' decisions against a real PostgreSQL: each call runs the way the inbox/outbox building block runs a
/// consumer (one transaction, then SaveChanges and commit). Every test uses its own SKU and order ids.
/// </summary>
public sealed class ReservationsTests(InventoryPostgresDatabase database) : IClassFixture<InventoryPostgresDatabase>
{
    static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_orders_for_the_last_units_never_oversell()
    {
        var sku = await database.AddProduct(onHand: 3);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            Consume(db => OrderPlacedConsumer.Reserve(db, Placed(Guid.NewGuid(), sku, 1), Now, NullLogger.Instance, Ct)), Ct)));

        answers.OfType<InventoryReserved>().Should().HaveCount(3);
        answers.OfType<InventoryReservationFailed>().Should().HaveCount(9);
        (await database.Stock(sku)).Should().Be((3, 3, 0));
    }

    [Fact]
    public async Task A_repeated_order_with_a_new_message_id_reserves_nothing_more()
    {
        var sku = await database.AddProduct(onHand: 5);
        var order = Placed(Guid.NewGuid(), sku, 2);

        var first = await Consume(db => OrderPlacedConsumer.Reserve(db, order, Now, NullLogger.Instance, Ct));
        var again = await Consume(db => OrderPlacedConsumer.Reserve(db, order, Now, NullLogger.Instance, Ct));

        first.Should().BeOfType<InventoryReserved>();
        again.Should().BeOfType<InventoryReserved>("the original answer still holds");
        (await database.Stock(sku)).Should().Be((5, 2, 0));
    }

    [Fact]
    public async Task A_repeated_rejected_order_gets_the_same_answer()
    {
        var sku = await database.AddProduct(onHand: 1);
        var order = Placed(Guid.NewGuid(), sku, 2);

        var first = await Consume(db => OrderPlacedConsumer.Reserve(db, order, Now, NullLogger.Instance, Ct));
        var again = await Consume(db => OrderPlacedConsumer.Reserve(db, order, Now, NullLogger.Instance, Ct));

        again.Should().BeEquivalentTo(first);
        first.Should().BeOfType<InventoryReservationFailed>().Which.Reason.Should().Contain($"{sku}: 2 wanted, 1 available");
        (await database.Stock(sku)).Should().Be((1, 0, 0));
    }

    [Fact]
    public async Task A_release_that_overtakes_the_order_leaves_a_tombstone_and_the_order_reserves_nothing()
    {
        var sku = await database.AddProduct(onHand: 5);
        var orderId = Guid.NewGuid();

        var released = await Consume(db => StockReleaseRequestedConsumer.Release(db, new StockReleaseRequested(orderId, "timeout", Now), Now, NullLogger.Instance, Ct));
        var placed = await Consume(db => OrderPlacedConsumer.Reserve(db, Placed(orderId, sku, 2), Now, NullLogger.Instance, Ct));

        released.Should().BeOfType<InventoryReleased>();
        placed.Should().BeNull("the order was cancelled before it reached Inventory");
        (await database.Stock(sku)).Should().Be((5, 0, 0));
        (await Find(orderId)).Should().BeEquivalentTo(new { Status = ReservationStatus.Released, IsTombstone = true });
    }

    [Fact]
    public async Task Release_gives_the_stock_back_and_answers_every_time()
    {
        var sku = await database.AddProduct(onHand: 5);
        var orderId = Guid.NewGuid();
        await Consume(db => OrderPlacedConsumer.Reserve(db, Placed(orderId, sku, 4), Now, NullLogger.Instance, Ct));

        var request = new StockReleaseRequested(orderId, "payment declined", Now);
        var first = await Consume(db => StockReleaseRequestedConsumer.Release(db, request, Now, NullLogger.Instance, Ct));
        var again = await Consume(db => StockReleaseRequestedConsumer.Release(db, request, Now, NullLogger.Instance, Ct));
        var lateOrder = await Consume(db => OrderPlacedConsumer.Reserve(db, Placed(orderId, sku, 4), Now, NullLogger.Instance, Ct));

        first.OrderId.Should().Be(orderId);
        again.OrderId.Should().Be(orderId);
        lateOrder.Should().BeNull("the order has moved on");
        (await database.Stock(sku)).Should().Be((5, 0, 0));
    }

    [Fact]
    public async Task Confirmation_sells_once_and_sold_stock_is_not_released()
    {
        var sku = await database.AddProduct(onHand: 5);
        var orderId = Guid.NewGuid();
        await Consume(db => OrderPlacedConsumer.Reserve(db, Placed(orderId, sku, 2), Now, NullLogger.Instance, Ct));

        var committed = await Consume(db => OrderConfirmedConsumer.Commit(db, orderId, Now, NullLogger.Instance, Ct));
        var again = await Consume(db => OrderConfirmedConsumer.Commit(db, orderId, Now, NullLogger.Instance, Ct));
        var released = await Consume(db => StockReleaseRequestedConsumer.Release(db, new StockReleaseRequested(orderId, "late", Now), Now, NullLogger.Instance, Ct));

        committed.Should().BeOfType<InventoryCommitted>();
        again.Should().BeOfType<InventoryCommitted>();
        released.Should().BeOfType<InventoryReleased>();
        (await database.Stock(sku)).Should().Be((3, 0, 2));
        (await Find(orderId)).Status.Should().Be(ReservationStatus.Sold);
    }

    [Fact]
    public async Task A_release_racing_a_sale_of_the_same_order_loses_and_is_retried()
    {
        var sku = await database.AddProduct(onHand: 10);
        var orderId = Guid.NewGuid();
        await Consume(db => OrderPlacedConsumer.Reserve(db, Placed(orderId, sku, 2), Now, NullLogger.Instance, Ct));
        // Another order's units, so that a stale release would find enough reserved units to take.
        await Consume(db => OrderPlacedConsumer.Reserve(db, Placed(Guid.NewGuid(), sku, 3), Now, NullLogger.Instance, Ct));

        await using var releaser = database.NewContext();
        await using var releaseTransaction = await releaser.Database.BeginTransactionAsync(Ct);
        var stale = await releaser.Reservations.SingleAsync(r => r.OrderId == orderId, Ct);

        await Consume(db => OrderConfirmedConsumer.Commit(db, orderId, Now, NullLogger.Instance, Ct));

        var products = await releaser.LockProductsAsync([sku], Ct);
        stale.Release(products, "stale", Now).Should().Be(ReleaseOutcome.Released, "this context still sees Reserved");
        var save = () => releaser.SaveChangesAsync(Ct);

        await save.Should().ThrowAsync<DbUpdateConcurrencyException>("the reservation's version moved on");
        await releaseTransaction.RollbackAsync(Ct);
        (await database.Stock(sku)).Should().Be((8, 3, 2));

        var retried = await Consume(db => StockReleaseRequestedConsumer.Release(db, new StockReleaseRequested(orderId, "retry", Now), Now, NullLogger.Instance, Ct));
        retried.OrderId.Should().Be(orderId);
        (await database.Stock(sku)).Should().Be((8, 3, 2));
    }

    [Fact]
    public async Task Confirmation_without_held_stock_is_a_permanent_failure()
    {
        var unknownOrder = Guid.NewGuid();
        var tombstoned = Guid.NewGuid();
        await Consume(db => StockReleaseRequestedConsumer.Release(db, new StockReleaseRequested(tombstoned, "timeout", Now), Now, NullLogger.Instance, Ct));

        var unknown = () => Consume(db => OrderConfirmedConsumer.Commit(db, unknownOrder, Now, NullLogger.Instance, Ct));
        var released = () => Consume(db => OrderConfirmedConsumer.Commit(db, tombstoned, Now, NullLogger.Instance, Ct));

        await unknown.Should().ThrowAsync<PermanentMessageException>();
        await released.Should().ThrowAsync<PermanentMessageException>().WithMessage("*tombstone*");
    }

    async Task<T> Consume<T>(Func<InventoryDbContext, Task<T>> consumer)
    {
        await using var db = database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        var answer = await consumer(db);
        await db.SaveChangesAsync(Ct);
        await transaction.CommitAsync(Ct);
        return answer;
    }

    async Task<Reservation> Find(Guid orderId)
    {
        await using var db = database.NewContext();
        return await db.Reservations.AsNoTracking().SingleAsync(r => r.OrderId == orderId, Ct);
    }

    static OrderPlaced Placed(Guid orderId, string sku, int quantity) =>
        new(orderId, "customer-1", "customer@example.com", [new OrderLine(sku, quantity, 10m)], quantity * 10m, Now);
}
