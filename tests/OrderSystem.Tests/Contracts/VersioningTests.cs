using AwesomeAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Contracts;
using OrderSystem.Messaging;

namespace OrderSystem.Tests.Contracts;

/// <summary>The versioning policy's promise: additive changes do not break consumers built against the older shape.</summary>
public sealed class VersioningTests
{
    /// <summary>A future OrderPlaced with a field today's consumers do not know, under the same message type.</summary>
    [MessageUrn("OrderSystem.Contracts:OrderPlaced")]
    public sealed record OrderPlacedWithGiftWrap(
        Guid OrderId,
        string CustomerId,
        string CustomerEmail,
        IReadOnlyList<OrderLine> Lines,
        decimal Total,
        DateTimeOffset OccurredAt,
        bool GiftWrap,
        string DeliveryNote);

    [Fact]
    public async Task Consumer_of_the_current_shape_accepts_a_newer_message_with_extra_fields()
    {
        await using var provider = new ServiceCollection()
            .AddMassTransitTestHarness(x => x.AddHandler<OrderPlaced>((ConsumeContext<OrderPlaced> _) => Task.CompletedTask))
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var orderId = NewId.NextGuid();

        await harness.Bus.Publish(new OrderPlacedWithGiftWrap(orderId, "c-1", "ada@example.com", [new OrderLine("KB-001", 2, 89m)], 178m,
            DateTimeOffset.UtcNow, GiftWrap: true, DeliveryNote: "leave at the door"));

        (await harness.Consumed.Any<OrderPlaced>(m => m.Context.Message.OrderId == orderId)).Should().BeTrue();
        var consumed = harness.Consumed.Select<OrderPlaced>().Single(m => m.Context.Message.OrderId == orderId).Context.Message;
        consumed.Total.Should().Be(178m);
        consumed.Lines.Should().ContainSingle().Which.Should().Be(new OrderLine("KB-001", 2, 89m));
        (await harness.Published.Any<Fault<OrderPlaced>>()).Should().BeFalse();
    }

    [Fact]
    public void Every_event_declares_a_route_on_its_context_exchange_and_is_past_tense()
    {
        var eventTypes = typeof(EventRouteAttribute).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t)).ToList();

        eventTypes.Should().NotBeEmpty();
        foreach (var type in eventTypes)
        {
            var route = EventRoutes.Find(type);
            route.Should().NotBeNull($"{type.Name} must declare [EventRoute]");
            route!.RoutingKey.Should().StartWith(route.Exchange + ".", $"{type.Name}'s routing key belongs to its exchange");
            // A breaking change is a new type with a version suffix (docs/event-catalogue.md), e.g. PaymentRequestedV2.
            type.Name.Should().MatchRegex("(ed|Requested)(V[2-9][0-9]*)?$", "events are past-tense facts");
            if (type.Name[^1] is >= '0' and <= '9')
                route.RoutingKey.Should().EndWith(".v" + type.Name[(type.Name.LastIndexOf('V') + 1)..], "a new version has a routing key of its own");
            typeof(IOrderEvent).IsAssignableFrom(type).Should().Be(type.GetProperty("OrderId") is not null);
        }

        eventTypes.Select(t => EventRoutes.Find(t)!.RoutingKey).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void No_event_carries_a_card_number()
    {
        // Card numbers never leave Payment: events name a payment method by its opaque id (issue 12).
        var fields = typeof(EventRouteAttribute).Assembly.GetTypes()
            .Where(t => typeof(IIntegrationEvent).IsAssignableFrom(t) || t == typeof(OrderLine))
            .SelectMany(t => t.GetProperties().Select(p => $"{t.Name}.{p.Name}"));

        fields.Should().NotContain(f => f.Contains("Card", StringComparison.OrdinalIgnoreCase) || f.Contains("Pan", StringComparison.Ordinal));
    }
}
