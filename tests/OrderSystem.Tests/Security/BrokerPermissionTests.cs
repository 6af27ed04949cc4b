using System.Text;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Notification.Persistence;
using OrderSystem.Tests.Hosts;
using OrderSystem.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrderSystem.Tests.Security;

/// <summary>A stolen Notification broker password can neither forge nor read another context's events (issue 12, item 4).</summary>
public sealed class BrokerPermissionTests(BrokerPermissionFixture fixture) : IClassFixture<BrokerPermissionFixture>
{
    const ushort AccessRefused = 403;
    readonly InProcessService<NotificationDbContext> _notification = fixture.Notification;

    [Fact]
    public async Task Publishing_a_forged_PaymentCaptured_to_the_payment_exchange_is_refused()
    {
        var probe = await _notification.Broker.BindProbe(Exchanges.Payment, "#");
        await using var connection = await fixture.AsNotification.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

        var forged = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            messageType = new[] { "urn:message:OrderSystem.Contracts:PaymentCaptured" },
            message = new PaymentCaptured(Guid.NewGuid(), Guid.NewGuid(), 1m, DateTimeOffset.UtcNow),
        }));
        var publish = async () => await channel.BasicPublishAsync(Exchanges.Payment, "payment.captured", true,
            new BasicProperties { Persistent = true }, forged);

        await publish.Should().ThrowAsync<Exception>();
        await Refused(channel);
        channel.CloseReason!.ReplyText.Should().Contain("ACCESS_REFUSED").And.Contain("exchange 'payment'");
        (await _notification.Broker.Drain(probe)).Should().BeEmpty("the forged event never reached the payment exchange");
    }

    [Fact]
    public async Task Publishing_to_another_services_queue_or_bus_endpoint_is_refused()
    {
        foreach (var exchange in new[] { "payment.payment-requested", "order.bus.host_OrderSystemOrder_bus_x", "order.fulfilment" })
        {
            await using var connection = await fixture.AsNotification.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            var publish = async () => await channel.BasicPublishAsync(exchange, "", Encoding.UTF8.GetBytes("{}"));
            await publish.Should().ThrowAsync<Exception>();
            await Refused(channel);
        }
    }

    [Fact]
    public async Task Reading_binding_or_deleting_payment_entities_is_refused()
    {
        await _notification.Broker.BindProbe(Exchanges.Payment, "#");
        var paymentQueue = await DeclareAsAdministrator("payment.payment-requested");

        await AssertRefused(channel => channel.BasicGetAsync(paymentQueue, autoAck: true), "consume Payment's queue");
        await AssertRefused(async channel =>
        {
            var spy = (await channel.QueueDeclareAsync("notification.spy", durable: false, exclusive: false, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(spy, Exchanges.Payment, "#");
        }, "bind its own queue to the payment exchange (read Payment's events)");
        await AssertRefused(channel => channel.QueueDeleteAsync(paymentQueue), "delete Payment's queue");
        await AssertRefused(channel => channel.ExchangeDeclareAsync("payment.forged", ExchangeType.Fanout), "declare entities in Payment's namespace");
    }

    [Fact]
    public async Task The_service_consumes_publishes_dead_letters_and_replays_under_its_restricted_user()
    {
        var orderId = Guid.NewGuid();
        var handled = await _notification.Publish(new OrderConfirmed(orderId, "c-1", "ada@example.com", 10m, DateTimeOffset.UtcNow));
        await _notification.Handled(handled);
        await Wait.Until(async () => (await _notification.Received(orderId)).Any(r => r.RoutingKey == "notification.sent"),
            "CustomerNotified reached the notification exchange");

        // An unreadable message goes to the DLQ; replaying it publishes through the queue's own exchange.
        var route = Messaging.EventRoutes.Of<OrderConfirmed>();
        await _notification.Broker.Publish(route.Exchange, route.RoutingKey, "{ not json");
        var deadLetters = _notification.Services.GetRequiredService<DeadLetterAdmin>();
        var queue = _notification.Services.GetRequiredService<ConsumerQueues>().Find("notification.order-confirmed")!;
        await Wait.Until(async () => (await deadLetters.ListAsync(queue, 0, 10)).Total == 1, "the unreadable message is dead-lettered");

        var replay = await deadLetters.ReplayAllAsync(queue, "broker-permission-test");

        replay.Count.Should().Be(1);
        await Wait.Until(async () => (await deadLetters.ListAsync(queue, 0, 10)).Items is [{ ReplayCount: 1 }],
            "the replayed copy failed again and is back in the DLQ");
    }

    async Task<string> DeclareAsAdministrator(string queue)
    {
        await using var connection = await RealInfrastructure.ConnectAsAdministrator(_notification.VirtualHost);
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false)).QueueName;
    }

    async Task AssertRefused(Func<IChannel, Task> action, string what)
    {
        await using var connection = await fixture.AsNotification.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var act = () => action(channel);
        var refusal = await act.Should().ThrowAsync<OperationInterruptedException>($"Notification must not {what}");
        refusal.Which.ShutdownReason!.ReplyCode.Should().Be(AccessRefused, what);
    }

    static async Task Refused(IChannel channel)
    {
        await Wait.Until(() => channel.IsClosed, "the broker closed the channel", TimeSpan.FromSeconds(10));
        channel.CloseReason!.ReplyCode.Should().Be(AccessRefused);
    }
}
