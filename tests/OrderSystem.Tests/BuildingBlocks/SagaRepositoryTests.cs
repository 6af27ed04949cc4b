using AwesomeAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Persistence.Sagas;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>The EF Core saga repository's optimistic concurrency on a real PostgreSQL.</summary>
public sealed class SagaRepositoryTests : IAsyncLifetime
{
    readonly IsolatedInfrastructure _infrastructure = new();

    public ValueTask InitializeAsync() => _infrastructure.InitializeAsync();

    public ValueTask DisposeAsync() => _infrastructure.DisposeAsync();

    [Fact]
    public async Task Concurrent_updates_of_one_saga_are_resolved_by_retrying()
    {
        const int events = 30;
        await using var host = await TestServiceHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString,
            bus => bus.AddSagaStateMachine<CounterStateMachine, CounterState>().EntityFrameworkRepository<CounterState, TestDbContext>(),
            settings: new() { ["RabbitMq:ConcurrentMessageLimit"] = "16", ["Messaging:Retry:IntervalsMs:5"] = "10", ["Messaging:Retry:IntervalsMs:6"] = "10",
                ["Messaging:Retry:IntervalsMs:7"] = "10", ["Messaging:Retry:IntervalsMs:8"] = "10", ["Messaging:Retry:IntervalsMs:9"] = "10" });
        var bus = host.Services.GetRequiredService<IBus>();
        var id = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, events).Select(_ => bus.Publish(new InventoryReserved(id, DateTimeOffset.UtcNow))));

        await Wait.Until(async () => await host.Query(db => db.Counters.AnyAsync(c => c.CorrelationId == id && c.Count == events)),
            $"all {events} concurrent events were counted");
        var counter = await host.Query(db => db.Counters.SingleAsync(c => c.CorrelationId == id));
        counter.Version.Should().Be(events, "each event is one committed update");
        counter.MaxRetryAttempt.Should().BeGreaterThan(0, "concurrent events collided and were retried");
    }
}
