using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Persistence.Outbox;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>The bus outbox and its relay on a real RabbitMQ and PostgreSQL.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    readonly IsolatedInfrastructure _infrastructure = new();
    RawBroker _broker = null!;

    public async ValueTask InitializeAsync()
    {
        await _infrastructure.InitializeAsync();
        _broker = await RawBroker.Connect(_infrastructure.VirtualHost);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }

    static ProductUpdated Product(string sku) => new(sku, "Widget", 1m, 1, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Rolled_back_change_publishes_nothing_and_committed_change_publishes_exactly_once()
    {
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);

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
        await Wait.Until(async () => await _broker.Count(probe) >= 1, "the committed event reached the broker");

        var messages = await _broker.Drain(probe);
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
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
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

        await Wait.Until(async () => await _broker.Count(probe) >= 1, "the retried unit of work's event reached the broker");
        var messages = await _broker.Drain(probe);
        messages.Should().ContainSingle();
        System.Text.Encoding.UTF8.GetString(messages[0].Body.Span).Should().Contain("RETRIED");
        (await host.Query(db => db.OutboxMessages.AnyAsync())).Should().BeFalse("no message is left without its transaction row");
    }

    [Fact]
    public async Task A_message_without_its_transaction_row_is_refused_not_stored()
    {
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);

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
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);

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

        await Wait.Until(async () => await _broker.Count(probe) >= 1, "the message behind the empty transactions reached the broker");
    }

    [Fact]
    public async Task After_commit_actions_run_once_on_commit_and_never_on_rollback_or_an_abandoned_transaction()
    {
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
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
    public async Task Message_published_while_the_broker_is_unreachable_is_delivered_after_it_returns()
    {
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var proxy = new TcpProxy(RealInfrastructure.RabbitHost, RealInfrastructure.RabbitPort);
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString, brokerPort: proxy.Port);

        proxy.Cut();
        await host.InScope(async (db, publish) =>
        {
            await publish.Publish(Product("DURING-OUTAGE"));
            await db.SaveChangesAsync();
        });

        // Nothing can leave while the broker is away; the message waits in the outbox, not in memory.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        (await host.Query(db => db.OutboxMessages.CountAsync())).Should().Be(1);
        (await _broker.Count(probe)).Should().Be(0);

        proxy.Restore();
        await Wait.Until(async () => await _broker.Count(probe) >= 1, "the message was delivered after the broker came back", TimeSpan.FromSeconds(60));
        await Wait.Until(async () => await host.Query(db => db.OutboxMessages.AnyAsync()) == false, "the relay emptied the outbox");
        var delivered = await _broker.Drain(probe);
        delivered.Select(m => m.BasicProperties.MessageId).Distinct().Should().ContainSingle("a retried publish may repeat, never lose or invent");
    }

    [Fact]
    public async Task A_publish_whose_confirm_is_lost_is_published_again_and_the_relay_goes_on()
    {
        // The fault-injection runner's cut-mid-publish (issue 16): the broker has the message, the connection is reset
        // before its basic.ack reaches the relay. (Once, in a soak, the relay's publish then waited for that confirm until
        // shutdown, inside RabbitMQ.Client's MaybeWaitForConfirmationAsync; this test has not reproduced that hang.)
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var proxy = new OrderSystem.FaultInjection.Network.FaultProxy("test→rabbitmq",
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, RealInfrastructure.RabbitPort), () => new OrderSystem.FaultInjection.Network.AmqpPublishScanner());
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString, brokerPort: proxy.Port);

        // The relay is busy with a stream of transactions when one of its publishes loses its confirm.
        var cut = proxy.CutAfterNextRequest(TimeSpan.FromSeconds(30));
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await host.InScope(async (db, publish) =>
                {
                    await publish.Publish(Product($"CONFIRM-LOST-{writer}-{i}"));
                    await db.SaveChangesAsync();
                });
            }
        }));
        await Task.WhenAll(writers);
        (await cut).Should().BeTrue("a publish went through the proxy and the connection was reset before its confirm");
        await host.InScope(async (db, publish) =>
        {
            await publish.Publish(Product("AFTER-THE-CUT"));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await host.Query(db => db.OutboxMessages.AnyAsync()) == false, "the relay emptied the outbox", TimeSpan.FromSeconds(60));
        var delivered = await _broker.Drain(probe);
        delivered.Select(m => m.BasicProperties.MessageId).Distinct().Should().HaveCount(61, "every message at least once, the in-doubt one too");
    }

    [Fact]
    public async Task A_publish_whose_confirm_never_comes_times_out_and_is_published_again()
    {
        // The broker routes the message and acks it, the ack is lost, the connection stays up: RabbitMQ.Client waits for
        // that confirm without end (as after the reset in rabbitmq-dotnet-client#1930), so only the relay's publish
        // timeout lets it go on (issue 16).
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var proxy = new OrderSystem.FaultInjection.Network.FaultProxy("test→rabbitmq",
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, RealInfrastructure.RabbitPort),
            () => new OrderSystem.FaultInjection.Network.AmqpPublishScanner(), () => new OrderSystem.FaultInjection.Network.AmqpConfirmFilter());
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString, brokerPort: proxy.Port,
            settings: new() { ["Outbox:PublishTimeout"] = "00:00:02" });

        var lost = proxy.LoseNextConfirm(TimeSpan.FromSeconds(30));
        await host.InScope(async (db, publish) =>
        {
            await publish.Publish(Product("CONFIRM-NEVER-COMES"));
            await db.SaveChangesAsync();
        });
        (await lost).Should().BeTrue("the broker confirmed the relay's publish and the proxy dropped the confirm");
        await host.InScope(async (db, publish) =>
        {
            await publish.Publish(Product("AFTER-THE-LOST-CONFIRM"));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await host.Query(db => db.OutboxMessages.AnyAsync()) == false,
            "the relay stopped waiting for the lost confirm, published again and went on", TimeSpan.FromSeconds(30));
        var delivered = await _broker.Drain(probe);
        delivered.Select(m => m.BasicProperties.MessageId).Distinct().Should().HaveCount(2, "both messages, nothing invented");
        delivered.Select(m => System.Text.Encoding.UTF8.GetString(m.Body.Span)).Count(body => body.Contains("CONFIRM-NEVER-COMES", StringComparison.Ordinal))
            .Should().Be(2, "the unconfirmed message is published again with its message id (the consumers' inbox drops the copy)");
    }

    [Fact]
    public async Task Two_relays_over_one_outbox_deliver_every_message_once()
    {
        const int count = 300;
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var first = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var second = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);

        // Half the transactions commit on each host; both relays compete for all of them.
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => (i % 2 == 0 ? first : second).InScope(async (db, publish) =>
        {
            await publish.Publish(Product($"SKU-{i}"));
            await db.SaveChangesAsync();
        })));

        await Wait.Until(async () => await _broker.Count(probe) >= count, $"all {count} messages were delivered", TimeSpan.FromSeconds(60));
        await Wait.Until(async () => await first.Query(db => db.OutboxMessages.AnyAsync()) == false, "the outbox is empty");
        var delivered = await _broker.Drain(probe);
        delivered.Should().HaveCount(count);
        delivered.Select(m => m.BasicProperties.MessageId).Distinct().Should().HaveCount(count);
    }

    [Fact]
    public async Task Messages_of_one_transaction_are_delivered_in_order()
    {
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);

        await host.InScope(async (db, publish) =>
        {
            for (var i = 0; i < 20; i++)
                await publish.Publish(Product($"ORDERED-{i:00}"));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await _broker.Count(probe) >= 20, "all 20 messages were delivered");
        var bodies = (await _broker.Drain(probe)).Select(m => System.Text.Encoding.UTF8.GetString(m.Body.Span)).ToList();
        var order = bodies.Select(b => int.Parse(b[(b.IndexOf("ORDERED-", StringComparison.Ordinal) + 8)..][..2])).ToList();
        order.Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Many_messages_of_one_transaction_get_application_assigned_positions_and_are_delivered_in_that_order()
    {
        const int count = 300;
        var probe = await _broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);

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

        await Wait.Until(async () => await _broker.Count(probe) >= count, $"all {count} messages were delivered", TimeSpan.FromSeconds(60));
        var bodies = (await _broker.Drain(probe)).Select(m => System.Text.Encoding.UTF8.GetString(m.Body.Span)).ToList();
        var order = bodies.Select(b => int.Parse(b[(b.IndexOf("MANY-", StringComparison.Ordinal) + 5)..][..3])).ToList();
        order.Should().Equal(Enumerable.Range(0, count));
    }
}
