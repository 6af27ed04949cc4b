using AwesomeAssertions;
using OrderSystem.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace OrderSystem.Tests.Infrastructure;

/// <summary>Each test class gets its own virtual host: what one declares, no other sees; disposing removes it.</summary>
public sealed class BrokerIsolationTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task QueueDeclaredInOneVirtualHostIsInvisibleInAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var other = await fixture.CreateBrokerAsync("other", ct);
        other.VirtualHost.Should().NotBe(fixture.Broker.VirtualHost);

        await using (var connection = await fixture.Broker.ConnectAsync(cancellationToken: ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            await channel.QueueDeclareAsync("inventory.order-events", durable: true, exclusive: false, autoDelete: false,
                cancellationToken: ct);
        }

        (await fixture.Broker.QueueExistsAsync("inventory.order-events", ct)).Should().BeTrue();
        (await other.QueueExistsAsync("inventory.order-events", ct)).Should().BeFalse();

        // Over AMQP too: a passive declare in the other vhost is refused with 404 NOT_FOUND.
        await using var otherConnection = await other.ConnectAsync(cancellationToken: ct);
        await using var otherChannel = await otherConnection.CreateChannelAsync(cancellationToken: ct);
        var passive = async () => await otherChannel.QueueDeclarePassiveAsync("inventory.order-events", ct);
        (await passive.Should().ThrowAsync<OperationInterruptedException>())
            .Which.ShutdownReason!.ReplyCode.Should().Be(404);
    }

    [Fact]
    public async Task MessagePublishedInOneVirtualHostArrivesOnlyThere()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await fixture.Broker.ConnectAsync(cancellationToken: ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.ExchangeDeclareAsync("order", ExchangeType.Topic, durable: true, cancellationToken: ct);
        await channel.QueueDeclareAsync("payment.order-events", durable: true, exclusive: false, autoDelete: false,
            cancellationToken: ct);
        await channel.QueueBindAsync("payment.order-events", "order", "order.*", cancellationToken: ct);

        await channel.BasicPublishAsync("order", "order.placed", "{\"orderId\":1}"u8.ToArray(), ct);

        var received = await Wait.For(() => channel.BasicGetAsync("payment.order-events", autoAck: true, ct), message => message is not null,
            "the routed message can be fetched from payment.order-events", TimeSpan.FromSeconds(10), cancellationToken: ct);
        received!.RoutingKey.Should().Be("order.placed");
    }

    [Fact]
    public async Task DisposingDeletesTheVirtualHost()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = await fixture.CreateBrokerAsync("short-lived", ct);
        (await broker.VirtualHostExistsAsync(ct)).Should().BeTrue();

        await broker.DisposeAsync();

        using var management = fixture.Broker.CreateManagementClient();
        using var response = await management.GetAsync($"api/vhosts/{Uri.EscapeDataString(broker.VirtualHost)}", ct);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }
}
