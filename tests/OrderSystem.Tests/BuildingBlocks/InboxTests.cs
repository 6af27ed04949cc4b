using AwesomeAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>The consumer inbox on a real RabbitMQ and PostgreSQL.</summary>
public sealed class InboxTests : IAsyncLifetime
{
    readonly IsolatedInfrastructure _infrastructure = new();

    public ValueTask InitializeAsync() => _infrastructure.InitializeAsync();

    public ValueTask DisposeAsync() => _infrastructure.DisposeAsync();

    [Fact]
    public async Task The_same_message_delivered_twice_is_consumed_once()
    {
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString,
            bus => bus.AddConsumer<ProductUpdatedRecorder>());
        var bus = host.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var message = new ProductUpdated("TWICE", "Widget", 1m, 1, DateTimeOffset.UtcNow);

        // Published straight to the broker (not through the outbox) twice with one message id, as a redelivery would be.
        await bus.Publish(message, c => c.MessageId = messageId);
        await bus.Publish(message, c => c.MessageId = messageId);
        await bus.Publish(message with { Sku = "MARKER" }, c => c.MessageId = NewId.NextGuid());

        await Wait.Until(async () => await host.Query(db => db.Consumed.AnyAsync(c => c.Key == "MARKER")), "the marker was consumed");
        await Wait.Until(async () => await QueueIsIdle("bbtest.product-updated-recorder"), "both copies were handled");

        (await host.Query(db => db.Consumed.CountAsync(c => c.MessageId == messageId))).Should().Be(1);
        (await host.Query(db => db.InboxMessages.CountAsync(i => i.MessageId == messageId))).Should().Be(1);
    }

    async Task<bool> QueueIsIdle(string queue)
    {
        using var http = RealInfrastructure.Management();
        var json = await http.GetStringAsync($"api/queues/{Uri.EscapeDataString(_infrastructure.VirtualHost)}/{queue}");
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("messages", out var messages) && messages.GetInt64() == 0;
    }
}
