using System.Diagnostics;
using AwesomeAssertions;
using OrderSystem.Order.Domain;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Telemetry;

/// <summary>
/// One approved order through all four in-process services, a real RabbitMQ and PostgreSQL, with the spans captured by an
/// in-memory exporter: one trace from <c>POST /orders</c> through every outbox relay and consumer, with correct parents.
/// </summary>
public sealed class OrderTraceTests(ITestOutputHelper output) : IAsyncLifetime
{
    const string Approved = "4242424242424242";
    const string RelaySource = "OrderSystem.Outbox";
    const string OrderIdTag = "ordersystem.order_id";
    const string MessageTypeTag = "ordersystem.message_type";

    // Each consumer queue the approved path passes through, and how many messages of the order it receives.
    static readonly Dictionary<string, int> ExpectedReceives = new()
    {
        ["inventory.order-placed"] = 1,     // OrderPlaced
        ["order.fulfilment"] = 2,           // InventoryReserved, PaymentCaptured
        ["payment.payment-requested"] = 1,  // PaymentRequestedV2
        ["inventory.order-confirmed"] = 1,  // OrderConfirmed
        ["notification.order-confirmed"] = 1,
    };

    // Every message the approved path publishes through an outbox; the last two have no consumer but are still relayed.
    static readonly string[] ExpectedRelays =
        ["OrderPlaced", "InventoryReserved", "PaymentRequestedV2", "PaymentCaptured", "OrderConfirmed", "InventoryCommitted", "CustomerNotified"];

    readonly SpanCapture _spans = new();
    SystemUnderTest _system = null!;

    public async ValueTask InitializeAsync() => _system = await SystemUnderTest.Start(new()
    {
        // The payment timeout of a confirmed order is still relayed (and ignored) when due; keep it out of this test's window.
        ["Order:Saga:PaymentTimeout"] = "00:10:00",
        ["RateLimiting:Orders:PermitsPerSecond"] = "1000",
        ["RateLimiting:Orders:Burst"] = "1000",
    });

    public async ValueTask DisposeAsync()
    {
        await _system.DisposeAsync();
        _spans.Dispose();
    }

    static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    static bool IsRelay(Activity span) => span.Source.Name == RelaySource;

    static bool IsReceive(Activity span) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer && Tag(span, "messaging.operation") == "receive";

    List<ActivityTraceId> TraceIdsOf(string orderIdText) =>
        [.. _spans.Where(s => Tag(s, OrderIdTag) == orderIdText).Select(s => s.TraceId).Distinct()];

    static bool IsComplete(List<Activity> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        // A parent stops after its children, so a child whose parent is missing means work still in flight.
        var connected = trace.Count(s => !ids.Contains(s.ParentSpanId)) == 1;
        var receives = trace.Where(IsReceive).GroupBy(s => Tag(s, "messaging.destination.name") ?? "").ToDictionary(g => g.Key, g => g.Count());
        var relayed = trace.Where(IsRelay).Select(s => Tag(s, MessageTypeTag)).ToHashSet();
        return connected
            && ExpectedReceives.All(e => receives.GetValueOrDefault(e.Key) >= e.Value)
            && ExpectedRelays.All(relayed.Contains);
    }

    [Fact]
    public async Task Approved_order_is_one_trace_across_http_outbox_relays_and_every_consumer()
    {
        // Order fetches Identity's discovery document and keys on its first signed-in request; the fetch would join the
        // trace of whichever request comes first, so a signed-in request that is not the order's comes first.
        (await _system.Order.GetAsync("/orders")).EnsureSuccessStatusCode();
        var orderId = await _system.PlaceOrder("KB-001", 1, Approved);
        (await _system.WaitUntilFinal(orderId)).Status.Should().Be(nameof(OrderStatus.Confirmed));
        await Wait.Until(async () => (await _system.Notifications(orderId)).Count > 0, "the customer was notified");

        // One trace id for everything that names the order.
        var orderIdText = orderId.ToString("D");
        List<Activity> trace = [];
        ActivityTraceId traceId = default;
        try
        {
            // The condition only observes; what must hold is asserted once, after the wait.
            await Wait.Until(() =>
            {
                var traceIds = TraceIdsOf(orderIdText);
                if (traceIds.Count != 1)
                    return traceIds.Count > 1; // a second trace will not go away: stop waiting and fail below
                traceId = traceIds[0];
                trace = _spans.Trace(traceId);
                return IsComplete(trace);
            }, "the order's trace holds the request, every relay and every consumer, all connected", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}{Environment.NewLine}{SpanCapture.Describe(_spans.Trace(traceId))}", exception);
        }

        TraceIdsOf(orderIdText).Should().HaveCount(1, "every span tagged with the order id belongs to one trace");

        var tree = SpanCapture.Describe(trace);
        output.WriteLine($"{trace.Count} spans in the trace of one approved order:{Environment.NewLine}{tree}");
        TestContext.Current.SendDiagnosticMessage($"Spans in the trace of one approved order: {trace.Count}");

        // The root is the HTTP request; every other span's parent is in the trace.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var roots = trace.Where(s => !ids.Contains(s.ParentSpanId)).ToList();
        roots.Should().ContainSingle(tree);
        var root = roots[0];
        root.Source.Name.Should().Be("Microsoft.AspNetCore", tree);
        root.Kind.Should().Be(ActivityKind.Server);
        root.ParentSpanId.Should().Be(default(ActivitySpanId), "the test sent no trace context, so the request starts the trace");
        Tag(root, "http.request.method").Should().Be("POST");
        Tag(root, OrderIdTag).Should().Be(orderIdText);

        // All four services take part: the request in Order, consumers in each service's queues.
        var consumerQueues = trace.Where(IsReceive).Select(s => Tag(s, "messaging.destination.name")!).ToList();
        consumerQueues.Select(q => q.Split('.')[0]).Distinct().Should().BeEquivalentTo(["inventory", "payment", "order", "notification"]);

        var byId = trace.ToDictionary(s => s.SpanId);
        List<Activity> Ancestors(Activity span)
        {
            var chain = new List<Activity>();
            while (byId.TryGetValue(span.ParentSpanId, out var parent))
            {
                chain.Add(parent);
                span = parent;
            }
            return chain;
        }

        // Each consumer's receive span sits under the relay span that delivered its message: relay → MassTransit send → receive.
        foreach (var receive in trace.Where(IsReceive))
        {
            var send = byId[receive.ParentSpanId];
            send.Source.Name.Should().Be("MassTransit", $"{Tag(receive, "messaging.destination.name")} is parented by MassTransit's send span");
            send.Kind.Should().Be(ActivityKind.Producer);
            var relay = byId[send.ParentSpanId];
            IsRelay(relay).Should().BeTrue($"the send of {Tag(receive, MessageTypeTag)} happens inside the relay span");
            Tag(relay, MessageTypeTag).Should().Be(Tag(receive, MessageTypeTag));
            Tag(relay, "messaging.message.id").Should().Be(Tag(receive, "messaging.message.id"), "relay and consumer handle the same message");
        }

        // Each relay span continues the context of whoever published the message: the request for OrderPlaced, the
        // consumer for everything after it.
        var inventoryOrderPlaced = trace.Single(s => IsReceive(s) && Tag(s, "messaging.destination.name") == "inventory.order-placed");
        var orderPlacedRelay = trace.Single(s => IsRelay(s) && Tag(s, MessageTypeTag) == "OrderPlaced");
        Ancestors(inventoryOrderPlaced).Should().Contain(orderPlacedRelay);
        Ancestors(orderPlacedRelay).Should().Contain(root).And.NotContain(s => IsReceive(s));
        foreach (var relay in trace.Where(s => IsRelay(s) && Tag(s, MessageTypeTag) != "OrderPlaced"))
            Ancestors(relay).Should().Contain(s => IsReceive(s), $"{Tag(relay, MessageTypeTag)} was published by a consumer");
        var inventoryReservedRelay = trace.Single(s => IsRelay(s) && Tag(s, MessageTypeTag) == "InventoryReserved");
        Ancestors(inventoryReservedRelay).Should().Contain(inventoryOrderPlaced, "Inventory's OrderPlaced consumer published InventoryReserved");

        // Spans carry the order id, message type, routing key and message id.
        foreach (var span in trace.Where(s => IsRelay(s) || IsReceive(s)))
        {
            Tag(span, OrderIdTag).Should().Be(orderIdText, span.DisplayName);
            Tag(span, MessageTypeTag).Should().NotBeNullOrEmpty(span.DisplayName);
            Tag(span, "messaging.message.id").Should().NotBeNullOrEmpty(span.DisplayName);
            Tag(span, "messaging.rabbitmq.destination.routing_key").Should().NotBeNullOrEmpty(span.DisplayName);
        }
        trace.Where(s => s.Source.Name == "MassTransit").Should().OnlyContain(s => Tag(s, OrderIdTag) == orderIdText);

        // Database work of every service is in the trace, tagged with the order once the order is known.
        var databaseSpans = trace.Where(s => s.Source.Name == "Npgsql").ToList();
        databaseSpans.Should().NotBeEmpty();
        databaseSpans.Where(s => Ancestors(s).Any(IsReceive)).Should().NotBeEmpty().And.OnlyContain(s => Tag(s, OrderIdTag) == orderIdText);
        foreach (var queue in ExpectedReceives.Keys)
        {
            trace.Where(s => s.Source.Name == "Npgsql" && Ancestors(s).Any(a => IsReceive(a) && Tag(a, "messaging.destination.name") == queue))
                .Should().NotBeEmpty($"the consumer of {queue} works in its database");
        }
    }
}
