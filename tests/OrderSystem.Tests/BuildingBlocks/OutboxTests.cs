using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Persistence.Outbox;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>The bus outbox and its relay on a real RabbitMQ and PostgreSQL.</summary>
public sealed class OutboxTests : OutboxTestBase
{
    [Fact]
    public async Task Rolled_back_change_publishes_nothing_and_committed_change_publishes_exactly_once()
    {
        var probe = await Broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);

        await host.InScope(async (db, publish) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "rolled back" });
            await publish.Publish(Product("ROLLED-BACK"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });
        await host.InScope(async (db, publish) =>
        {
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "committed" });
            await publish.Publish(Product("COMMITTED"));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await host.Query(db => db.OutboxMessages.AnyAsync()) == false, "the relay emptied the outbox");
        await Wait.Until(async () => await Broker.Count(probe) >= 1, "the committed event reached the broker");

        var messages = await Broker.Drain(probe);
        messages.Should().ContainSingle();
        System.Text.Encoding.UTF8.GetString(messages[0].Body.Span).Should().Contain("COMMITTED");
        (await host.Query(db => db.Widgets.CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task A_unit_of_work_retried_after_a_failed_save_and_a_cleared_change_tracker_is_delivered()
    {
        // The reload-and-retry loop of an HTTP handler after an optimistic-concurrency conflict (Inventory's PUT
        // /products/{sku}): the retry's message once joined the outbox transaction row the Clear() had discarded, was
        // stored without one and never relayed.
        var probe = await Broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);
        var existing = Guid.NewGuid();
        await host.InScope(async (db, _) =>
        {
            db.Widgets.Add(new Widget { Id = existing, Name = "taken" });
            await db.SaveChangesAsync();
        });

        await host.InScope(async (db, publish) =>
        {
            db.Widgets.Add(new Widget { Id = existing, Name = "conflict" });
            await publish.Publish(Product("FIRST-ATTEMPT"));
            var firstAttempt = () => db.SaveChangesAsync();
            await firstAttempt.Should().ThrowAsync<DbUpdateException>();

            db.ChangeTracker.Clear();
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "retried" });
            await publish.Publish(Product("RETRIED"));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await Broker.Count(probe) >= 1, "the retried unit of work's event reached the broker");
        var messages = await Broker.Drain(probe);
        messages.Should().ContainSingle();
        System.Text.Encoding.UTF8.GetString(messages[0].Body.Span).Should().Contain("RETRIED");
        (await host.Query(db => db.OutboxMessages.AnyAsync())).Should().BeFalse("no message is left without its transaction row");
    }

    [Fact]
    public async Task A_message_without_its_transaction_row_is_refused_not_stored()
    {
        await using var host = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);

        await host.InScope(async (db, _) =>
        {
            db.OutboxMessages.Add(new OutboxMessage { OutboxId = Guid.NewGuid(), MessageId = Guid.NewGuid(), Body = "{}", MessageType = "urn:message:X", ContentType = "application/json" });
            var save = () => db.SaveChangesAsync();
            (await save.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*would never be relayed*");
        });

        (await host.Query(db => db.OutboxMessages.AnyAsync())).Should().BeFalse();
    }

    [Fact]
    public async Task Outbox_transactions_without_messages_never_hold_up_the_relay()
    {
        var probe = await Broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);

        // More empty transactions than a relay pass claims, all older than the real one.
        await host.InScope(async (db, _) =>
        {
            var longAgo = DateTime.UtcNow.AddHours(-1);
            for (var i = 0; i < 150; i++)
                db.OutboxTransactions.Add(new OutboxTransaction { OutboxId = Guid.NewGuid(), CreatedAt = longAgo, AvailableAt = longAgo });
            await db.SaveChangesAsync();
        });
        await host.InScope(async (db, publish) =>
        {
            await publish.Publish(Product("BEHIND-EMPTY-ONES"));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await Broker.Count(probe) >= 1, "the message behind the empty transactions reached the broker");
    }

    [Fact]
    public async Task After_commit_actions_run_once_on_commit_and_never_on_rollback_or_an_abandoned_transaction()
    {
        await using var host = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);
        var ran = new List<string>();

        await host.InScope(async (db, _) =>
        {
            await using (var rolledBack = await db.Database.BeginTransactionAsync())
            {
                db.AfterCommit(() => ran.Add("rolled back"));
                await rolledBack.RollbackAsync();
            }

            await using (var abandoned = await db.Database.BeginTransactionAsync())
                db.AfterCommit(() => ran.Add("abandoned"));

            await using var committed = await db.Database.BeginTransactionAsync();
            db.AfterCommit(() => ran.Add("committed"));
            ran.Should().BeEmpty("nothing runs before the commit");
            await committed.CommitAsync();
        });

        ran.Should().Equal("committed");
    }

    [Fact]
    public async Task Two_relays_over_one_outbox_deliver_every_message_once()
    {
        const int count = 300;
        var probe = await Broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var first = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);
        await using var second = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);

        // Half the transactions commit on each host; both relays compete for all of them.
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => (i % 2 == 0 ? first : second).InScope(async (db, publish) =>
        {
            await publish.Publish(Product($"SKU-{i}"));
            await db.SaveChangesAsync();
        })));

        await Wait.Until(async () => await Broker.Count(probe) >= count, $"all {count} messages were delivered", TimeSpan.FromSeconds(60));
        await Wait.Until(async () => await first.Query(db => db.OutboxMessages.AnyAsync()) == false, "the outbox is empty");
        var delivered = await Broker.Drain(probe);
        delivered.Should().HaveCount(count);
        delivered.Select(m => m.BasicProperties.MessageId).Distinct().Should().HaveCount(count);
    }

    [Fact]
    public async Task Messages_of_one_transaction_are_delivered_in_order()
    {
        var probe = await Broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);

        await host.InScope(async (db, publish) =>
        {
            for (var i = 0; i < 20; i++)
                await publish.Publish(Product($"ORDERED-{i:00}"));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await Broker.Count(probe) >= 20, "all 20 messages were delivered");
        var bodies = (await Broker.Drain(probe)).Select(m => System.Text.Encoding.UTF8.GetString(m.Body.Span)).ToList();
        var order = bodies.Select(b => int.Parse(b[(b.IndexOf("ORDERED-", StringComparison.Ordinal) + 8)..][..2])).ToList();
        order.Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Many_messages_of_one_transaction_get_application_assigned_positions_and_are_delivered_in_that_order()
    {
        const int count = 300;
        var probe = await Broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(Infrastructure.VirtualHost, Infrastructure.DatabaseConnectionString);

        List<int> positions = [];
        await host.InScope(async (db, publish) =>
        {
            for (var i = 0; i < count; i++)
                await publish.Publish(Product($"MANY-{i:000}"));
            // Positions come from the publish order, not from the identity values one batched insert happens to assign.
            positions = db.ChangeTracker.Entries<OutboxMessage>().Select(e => e.Entity)
                .OrderBy(m => int.Parse(m.Body[(m.Body.IndexOf("MANY-", StringComparison.Ordinal) + 5)..][..3])).Select(m => m.Position).ToList();
            await db.SaveChangesAsync();
        });
        positions.Should().Equal(Enumerable.Range(0, count));

        await Wait.Until(async () => await Broker.Count(probe) >= count, $"all {count} messages were delivered", TimeSpan.FromSeconds(60));
        var bodies = (await Broker.Drain(probe)).Select(m => System.Text.Encoding.UTF8.GetString(m.Body.Span)).ToList();
        var order = bodies.Select(b => int.Parse(b[(b.IndexOf("MANY-", StringComparison.Ordinal) + 5)..][..3])).ToList();
        order.Should().Equal(Enumerable.Range(0, count));
    }
}
