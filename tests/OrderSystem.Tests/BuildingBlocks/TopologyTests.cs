using System.Text.Json;
using AwesomeAssertions;
using OrderSystem.Contracts;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>Routing keys route to the queues bound to them and nowhere else; the broker shows one exchange per context.</summary>
public sealed class TopologyTests : IAsyncLifetime
{
    readonly IsolatedInfrastructure _infrastructure = new();

    public ValueTask InitializeAsync() => _infrastructure.InitializeAsync();

    public ValueTask DisposeAsync() => _infrastructure.DisposeAsync();

    [Fact]
    public async Task Routing_keys_route_only_to_queues_bound_to_them()
    {
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        var productUpdated = await broker.BindProbe(Exchanges.Inventory, "inventory.product-updated");
        var reserved = await broker.BindProbe(Exchanges.Inventory, "inventory.reserved");
        var everyInventoryEvent = await broker.BindProbe(Exchanges.Inventory, "inventory.*");
        var orderEvents = await broker.BindProbe(Exchanges.Order, "order.#");
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);

        await host.InScope(async (db, publish) =>
        {
            await publish.Publish(new ProductUpdated("ROUTED", "Widget", 1m, 1, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        });

        await Wait.Until(async () => await broker.Count(everyInventoryEvent) == 1, "the wildcard binding received the event");
        await Wait.Until(async () => await broker.Count(productUpdated) == 1, "the exact binding received the event");
        (await broker.Count(reserved)).Should().Be(0);
        (await broker.Count(orderEvents)).Should().Be(0);
    }

    [Fact]
    public async Task The_broker_has_one_topic_exchange_per_context_and_no_per_type_exchanges()
    {
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString,
            bus => bus.AddConsumer<ProductUpdatedRecorder>());
        await host.InScope(async (db, publish) =>
        {
            await publish.Publish(new ProductUpdated("TOPOLOGY", "Widget", 1m, 1, DateTimeOffset.UtcNow));
            await publish.Publish(new OrderCancelled(Guid.NewGuid(), "c", "c@example.com", "test", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        });
        await Wait.Until(async () => (await Exchanges_()).Any(e => e.Name == "order"), "the order exchange exists");

        var exchanges = await Exchanges_();
        exchanges.Should().Contain(e => e.Name == "inventory" && e.Type == "topic");
        exchanges.Should().Contain(e => e.Name == "order" && e.Type == "topic");
        exchanges.Should().NotContain(e => e.Name.Contains(':'), "MassTransit's per-message-type exchanges are not used");

        using var http = RealInfrastructure.Management();
        async Task<List<string?>> InventoryBindings()
        {
            // MassTransit binds the context exchange to the queue's own fanout exchange (same name), which feeds the queue.
            using var bindings = JsonDocument.Parse(await http.GetStringAsync(
                $"api/exchanges/{Uri.EscapeDataString(_infrastructure.VirtualHost)}/inventory/bindings/source"));
            return [.. bindings.RootElement.EnumerateArray()
                .Where(b => b.GetProperty("destination").GetString() == "bbtest.product-updated-recorder")
                .Select(b => b.GetProperty("routing_key").GetString())];
        }

        await Wait.Until(async () => (await InventoryBindings()).Count > 0, "the consumer queue is bound");
        (await InventoryBindings()).Should().BeEquivalentTo(["inventory.product-updated"]);

        var queue = JsonDocument.Parse(await http.GetStringAsync($"api/queues/{Uri.EscapeDataString(_infrastructure.VirtualHost)}/bbtest.product-updated-recorder"));
        queue.RootElement.GetProperty("arguments").GetProperty("x-dead-letter-exchange").GetString().Should().Be("bbtest.product-updated-recorder.dlq");
    }

    async Task<List<(string Name, string Type)>> Exchanges_()
    {
        using var http = RealInfrastructure.Management();
        using var document = JsonDocument.Parse(await http.GetStringAsync($"api/exchanges/{Uri.EscapeDataString(_infrastructure.VirtualHost)}"));
        return [.. document.RootElement.EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("type").GetString()!))];
    }
}
