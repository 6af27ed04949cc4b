using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using OrderSystem.Order.Domain;
using OrderSystem.Tests.Hosts;
using PlaceOrderEndpoint = OrderSystem.Order.Features.PlaceOrder.PlaceOrder;

namespace OrderSystem.Tests.Telemetry;

/// <summary>
/// The saga and outbox metrics for a known sequence of orders (3 approved, 1 declined), and the Prometheus names the
/// dashboard relies on (docs/deployment.md, "Metrics contract").
/// </summary>
/// <remarks>
/// Meters are process-wide and other test classes place orders in parallel, so every measurement is attributed to the
/// trace it was recorded in (<see cref="Activity.Current"/> at the time of the measurement), and each order of this test
/// is placed with a trace context of its own.
/// </remarks>
public sealed class OrderMetricsTests : IAsyncLifetime
{
    const string Approved = "4242424242424242";
    const string Declined = "4000000000000002";

    readonly ConcurrentQueue<Measurement> _measurements = new();
    readonly MeterListener _listener = new();
    SystemUnderTest _system = null!;

    sealed record Measurement(string Instrument, double Value, ActivityTraceId TraceId, IReadOnlyDictionary<string, object?> Tags);

    public OrderMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is "OrderSystem.Order" or "OrderSystem.Outbox" or "OrderSystem.Messaging")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
            dictionary[tag.Key] = tag.Value;
        _measurements.Enqueue(new Measurement(instrument.Name, value, Activity.Current?.TraceId ?? default, dictionary));
    }

    public async ValueTask InitializeAsync() => _system = await SystemUnderTest.Start(new()
    {
        ["RateLimiting:Orders:PermitsPerSecond"] = "1000",
        ["RateLimiting:Orders:Burst"] = "1000",
        ["Messaging:DeadLetters:PollInterval"] = "00:00:01",
    });

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _system.DisposeAsync();
    }

    /// <summary>Places an order under a trace id of the test's own (the request's parent is a W3C traceparent header).</summary>
    async Task<(Guid OrderId, ActivityTraceId TraceId)> PlaceTraced(string card)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var paymentMethodId = await _system.PaymentMethod(card);
        HttpResponseMessage response = null!;
        await Wait.Until(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
            {
                Content = JsonContent.Create(new
                {
                    items = new[] { new { sku = "KB-001", quantity = 1 } },
                    payment = new { paymentMethodId },
                }),
            };
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            response = await _system.Order.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Accepted;
        }, "Order's catalogue replica knows KB-001 and accepts the order");
        return ((await response.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId, traceId);
    }

    List<Measurement> Of(string instrument, HashSet<ActivityTraceId> traces) =>
        [.. _measurements.Where(m => m.Instrument == instrument && traces.Contains(m.TraceId))];

    [Fact]
    public async Task Three_approved_and_one_declined_order_give_the_expected_saga_and_outbox_metrics()
    {
        List<(Guid OrderId, ActivityTraceId TraceId)> approved = [];
        for (var i = 0; i < 3; i++)
            approved.Add(await PlaceTraced(Approved));
        var declined = await PlaceTraced(Declined);

        foreach (var (orderId, _) in approved)
            (await _system.WaitUntilFinal(orderId)).Status.Should().Be(nameof(OrderStatus.Confirmed));
        (await _system.WaitUntilFinal(declined.OrderId)).Status.Should().Be(nameof(OrderStatus.Cancelled));

        var approvedTraces = approved.Select(a => a.TraceId).ToHashSet();
        var declinedTrace = new HashSet<ActivityTraceId> { declined.TraceId };
        var all = approvedTraces.Append(declined.TraceId).ToHashSet();

        // The final state is visible through the API once the saga committed; its measurements were taken just before.
        await Wait.Until(() => Of("ordersystem.saga.duration", all).Count >= 4, "the four sagas recorded their duration");

        Of("ordersystem.orders.placed", all).Sum(m => m.Value).Should().Be(4);
        Of("ordersystem.orders.confirmed", approvedTraces).Sum(m => m.Value).Should().Be(3);
        Of("ordersystem.orders.confirmed", declinedTrace).Should().BeEmpty();
        var cancelled = Of("ordersystem.orders.cancelled", all);
        cancelled.Sum(m => m.Value).Should().Be(1);
        cancelled.Single().TraceId.Should().Be(declined.TraceId);
        cancelled.Single().Tags["reason"].Should().Be("payment_declined");

        var sagaDurations = Of("ordersystem.saga.duration", all);
        sagaDurations.Should().HaveCount(4);
        sagaDurations.Count(m => Equals(m.Tags["outcome"], "Confirmed")).Should().Be(3);
        sagaDurations.Count(m => Equals(m.Tags["outcome"], "Cancelled")).Should().Be(1);
        sagaDurations.Should().OnlyContain(m => m.Value > 0 && m.Value < 60, "a saga lasts from placed to final, seconds here");

        // The outbox delivered each order's messages and measured their lag. Per approved order at least: OrderPlaced,
        // InventoryReserved, PaymentRequestedV2, PaymentCaptured, OrderConfirmed, InventoryCommitted, CustomerNotified.
        await Wait.Until(() => approved.All(a => Of("ordersystem.outbox.delivered", new HashSet<ActivityTraceId> { a.TraceId }).Count >= 7),
            "every message of the approved orders was relayed");
        foreach (var (orderId, traceId) in approved)
        {
            var trace = new HashSet<ActivityTraceId> { traceId };
            var delivered = Of("ordersystem.outbox.delivered", trace);
            var lag = Of("ordersystem.outbox.lag", trace);
            var publish = Of("ordersystem.outbox.relay.publish_duration", trace);
            delivered.Sum(m => m.Value).Should().BeGreaterThanOrEqualTo(7, $"order {orderId}");
            lag.Should().HaveCount(delivered.Count, "every delivered message has its lag recorded");
            lag.Should().OnlyContain(m => m.Value >= 0 && m.Value < 30, "lag is the seconds from commit to broker confirm");
            publish.Should().HaveCount(delivered.Count);
            publish.Should().OnlyContain(m => m.Value > 0 && m.Value < 30);
        }

        // Consumers: one successful attempt per message of the approved path, each under its queue's name.
        var consumerDurations = Of("ordersystem.consumer.duration", approvedTraces);
        consumerDurations.Select(m => m.Tags["consumer"]).Distinct().Should().Contain(
            ["inventory.order-placed", "order.fulfilment", "payment.payment-requested", "inventory.order-confirmed", "notification.order-confirmed"]);
        consumerDurations.Should().OnlyContain(m => m.Value > 0);
        Of("ordersystem.consumer.failures", all).Should().BeEmpty("nothing failed in this sequence");
    }

    // Every OrderSystem name of the contract the services must export (docs/deployment.md, "Metrics contract").
    static readonly string[] ContractSamples =
    [
        "ordersystem_orders_placed_total",
        "ordersystem_orders_confirmed_total",
        "ordersystem_orders_cancelled_total",
        "ordersystem_saga_duration_seconds_bucket",
        "ordersystem_outbox_pending_messages",
        "ordersystem_outbox_oldest_pending_age_seconds",
        "ordersystem_outbox_relay_publish_duration_seconds_bucket",
        "ordersystem_consumer_duration_seconds_bucket",
        "ordersystem_dead_letter_queue_depth",
    ];

    [Fact]
    public async Task Prometheus_endpoint_exports_the_contract_names_and_the_framework_instruments()
    {
        await PlaceTraced(Approved);
        var declined = await PlaceTraced(Declined);
        (await _system.WaitUntilFinal(declined.OrderId)).Status.Should().Be(nameof(OrderStatus.Cancelled));

        var contract = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "deployment.md"));
        string scrape = "";
        try
        {
            // The backlog gauges are read every few seconds; the histograms appear with their first measurement.
            await Wait.Until(async () =>
            {
                scrape = await _system.Order.GetStringAsync("/metrics");
                return ContractSamples.All(name => HasSample(scrape, name));
            }, "Order's /metrics shows every contract metric", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException exception)
        {
            var missing = ContractSamples.Where(name => !HasSample(scrape, name));
            var ours = scrape.Split('\n').Where(l => l.StartsWith("ordersystem_", StringComparison.Ordinal)).Select(l => l.Split('{', ' ')[0]).Distinct();
            throw new TimeoutException($"{exception.Message} Missing: {string.Join(", ", missing)}. Present: {string.Join(", ", ours)}", exception);
        }

        foreach (var name in ContractSamples)
            contract.Should().Contain($"`{TrimSuffix(name)}`", "the test checks names of the contract table, not names of its own");

        HasSample(scrape, "ordersystem_consumer_duration_seconds_count").Should().BeTrue();
        scrape.Should().Contain("consumer=\"order.fulfilment\"");
        scrape.Should().Contain("reason=\"payment_declined\"");
        // The framework's own instruments are exported too: ASP.NET Core, MassTransit, the runtime.
        HasSample(scrape, "http_server_request_duration_seconds_bucket").Should().BeTrue(Names(scrape, "http_"));
        scrape.Split('\n').Should().Contain(l => l.StartsWith("dotnet_", StringComparison.Ordinal), Names(scrape, "dotnet"));
        // MassTransit creates its meter once per process, through the first host's IMeterFactory; when that host is
        // disposed (another test class finished first), the meter is gone for every later host of this test process.
        // In a service (one host per process) it lives as long as the service, so it is checked whenever it is alive.
        if (MassTransitMeterIsAlive())
            scrape.Split('\n').Should().Contain(l => l.StartsWith("messaging_masstransit_", StringComparison.Ordinal), Names(scrape, "messaging_"));
        else
            TestContext.Current.SendDiagnosticMessage("MassTransit's meter was disposed with an earlier test host; its Prometheus names were not checked.");
    }

    static bool MassTransitMeterIsAlive()
    {
        var alive = false;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) => alive |= instrument.Meter.Name == "MassTransit";
        listener.Start();
        return alive;
    }

    static bool HasSample(string scrape, string name) =>
        scrape.Split('\n').Any(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal));

    static string Names(string scrape, string prefix) => string.Join(", ",
        scrape.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Split('{', ' ')[0]).Distinct().Take(40));

    static string TrimSuffix(string name) => name.EndsWith("_bucket", StringComparison.Ordinal) ? name[..^"_bucket".Length] : name;

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderSystem.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("OrderSystem.sln not found above " + AppContext.BaseDirectory);
    }
}
