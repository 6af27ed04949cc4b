using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderSystem.ServiceDefaults;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.DeadLetters;

/// <summary>The /admin/dead-letters API, the depth gauge and the health entry, against real RabbitMQ and PostgreSQL.</summary>
public sealed class DeadLetterAdminTests : IAsyncLifetime
{
    readonly IsolatedInfrastructure _infrastructure = new();

    public ValueTask InitializeAsync() => _infrastructure.InitializeAsync();

    public ValueTask DisposeAsync() => _infrastructure.DisposeAsync();

    [Fact]
    public async Task Replay_after_the_fault_is_fixed_processes_the_message_exactly_once_with_its_message_id()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        host.Behaviour.FailAlways("REPLAY", true);
        var id = NewId.NextGuid();
        await host.Publish("REPLAY", id);
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 1, "the message was dead-lettered");

        var page = await host.ListDeadLetters();
        var item = page.Items.Should().ContainSingle().Subject;
        page.Total.Should().Be(1);
        item.MessageId.Should().Be(id.ToString());
        item.DeadLetterQueue.Should().Be(DeadLetterTestHost.DeadLetterQueue);
        item.SourceQueue.Should().Be(DeadLetterTestHost.Queue);
        item.Category.Should().Be(DeadLetterCategories.Failed);
        item.Reason.Should().Contain("Handler bug for REPLAY");
        item.MessageType.Should().Contain("ProductUpdated");
        item.Consumer.Should().Contain(nameof(SwitchableConsumer));
        item.DeadLetteredAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        (await broker.Count(DeadLetterTestHost.DeadLetterQueue)).Should().Be(1, "listing hands every message back");

        var detail = (await host.Admin.GetFromJsonAsync<DeadLetterDetail>($"/admin/dead-letters/{item.Id}", DeadLetterTestHost.Json))!;
        detail.Body.Should().Contain("REPLAY");
        detail.BodyEncoding.Should().Be("utf-8");
        detail.Headers[DeadLetterHeaders.ExceptionType]!.ToString().Should().Be(typeof(InvalidOperationException).FullName);

        host.Behaviour.FailAlways("REPLAY", false);
        var replay = await host.Admin.PostAsync($"/admin/dead-letters/{id}/replay", null);
        replay.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = (await replay.Content.ReadFromJsonAsync<DeadLetterActionResult>(DeadLetterTestHost.Json))!;
        result.Count.Should().Be(1);
        result.Items.Single().MessageId.Should().Be(id.ToString());

        await Wait.Until(async () => await host.Consumed(id) == 1, "the replayed message was processed under its original message id");
        (await broker.Count(DeadLetterTestHost.DeadLetterQueue)).Should().Be(0);
        (await host.Admin.PostAsync($"/admin/dead-letters/{id}/replay", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        host.Logs.Count("OrderSystem.Messaging.DeadLetters.Audit", id.ToString()).Should().Be(1, "the replay is audited with the message id");
        (await host.Consumed(id)).Should().Be(1);
    }

    [Fact]
    public async Task A_replayed_message_that_was_meanwhile_processed_is_deduplicated_by_the_inbox()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        host.Behaviour.FailAlways("DUPLICATE", true);
        var id = NewId.NextGuid();
        await host.Publish("DUPLICATE", id);
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 1, "the message was dead-lettered");

        // The fault is fixed and a second copy of the same message (same id) arrives and is processed.
        host.Behaviour.FailAlways("DUPLICATE", false);
        await host.Publish("DUPLICATE", id);
        await Wait.Until(async () => await host.Consumed(id) == 1, "the second copy was processed");
        var attemptsBeforeReplay = host.Behaviour.Attempts("DUPLICATE");

        (await host.Admin.PostAsync($"/admin/dead-letters/replay?queue={DeadLetterTestHost.Queue}", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 0 && await broker.Count(DeadLetterTestHost.Queue) == 0,
            "the replayed copy was taken from the DLQ and consumed");
        await Wait.Until(async () => await Acknowledged(DeadLetterTestHost.Queue) >= 3, "the broker saw the replayed copy acknowledged");
        (await host.Consumed(id)).Should().Be(1, "the inbox recognised the message id");
        host.Behaviour.Attempts("DUPLICATE").Should().Be(attemptsBeforeReplay, "the consumer never ran for the duplicate");
    }

    [Fact]
    public async Task Discard_removes_one_dead_letter_or_all_of_a_queue_and_is_audited()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        host.Behaviour.FailAlways("DISCARD", true);
        var ids = new[] { NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid() };
        foreach (var id in ids)
            await host.Publish("DISCARD", id);
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 3, "three messages were dead-lettered");

        var discard = await host.Admin.DeleteAsync($"/admin/dead-letters/{ids[1]}");
        discard.StatusCode.Should().Be(HttpStatusCode.OK);
        (await broker.Count(DeadLetterTestHost.DeadLetterQueue)).Should().Be(2);
        (await host.ListDeadLetters()).Items.Select(i => i.MessageId).Should().BeEquivalentTo([ids[0].ToString(), ids[2].ToString()]);
        (await host.Admin.GetAsync($"/admin/dead-letters/{ids[1]}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await host.Admin.DeleteAsync("/admin/dead-letters")).StatusCode.Should().Be(HttpStatusCode.BadRequest, "discarding everything must be explicit");
        var all = await host.Admin.DeleteAsync($"/admin/dead-letters?queue={DeadLetterTestHost.DeadLetterQueue}");
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        (await all.Content.ReadFromJsonAsync<DeadLetterActionResult>(DeadLetterTestHost.Json))!.Count.Should().Be(2);
        (await broker.Count(DeadLetterTestHost.DeadLetterQueue)).Should().Be(0);
        (await host.Consumed(ids[0])).Should().Be(0, "a discarded message is not processed");
        host.Logs.Count("OrderSystem.Messaging.DeadLetters.Audit", "discard").Should().Be(2);
    }

    [Fact]
    public async Task The_admin_API_refuses_anonymous_callers_and_customers_and_answers_problems_for_unknown_things()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        using var anonymous = host.App.GetTestClient();

        (await anonymous.GetAsync("/admin/dead-letters")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync("/admin/dead-letters/replay", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var unsigned = await anonymous.DeleteAsync("/admin/dead-letters?all=true");
        unsigned.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unsigned.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var customer = host.App.GetTestClient().SignedIn(await TestIdentity.Token("ada"));
        (await customer.GetAsync("/admin/dead-letters")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a customer is no admin");

        var queues = await host.Admin.GetFromJsonAsync<List<DeadLetterQueueDepth>>("/admin/dead-letters/queues", DeadLetterTestHost.Json);
        queues.Should().BeEquivalentTo([new DeadLetterQueueDepth(DeadLetterTestHost.Queue, DeadLetterTestHost.DeadLetterQueue, 0)]);
        (await host.Admin.GetAsync("/admin/dead-letters?limit=0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await host.Admin.GetAsync("/admin/dead-letters?offset=-1")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await host.Admin.GetAsync("/admin/dead-letters?queue=nobody.queue")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await host.Admin.GetAsync($"/admin/dead-letters/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await host.Admin.DeleteAsync($"/admin/dead-letters/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_is_degraded_and_the_depth_gauge_counts_while_a_DLQ_holds_messages()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString,
            new() { ["Messaging:DeadLetters:PollInterval"] = "00:00:00.200" });
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        var health = host.Services.GetRequiredService<HealthCheckService>();
        using var gauge = new DepthGauge(host.Services.GetRequiredService<MessagingMetrics>().Meter);

        (await DeadLetterHealth(health)).Should().Be(HealthStatus.Healthy);

        host.Behaviour.FailAlways("HEALTH", true);
        await host.Publish("HEALTH", NewId.NextGuid());
        await host.Publish("HEALTH", NewId.NextGuid());
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 2, "two messages were dead-lettered");

        (await DeadLetterHealth(health)).Should().Be(HealthStatus.Degraded);
        var ready = await health.CheckHealthAsync(r => r.Tags.Contains("ready"));
        ready.Status.Should().Be(HealthStatus.Degraded, "readiness reports the dead letters without failing");
        await Wait.Until(() => gauge.Read(DeadLetterTestHost.DeadLetterQueue) == 2, "the gauge reports the depth");

        (await host.Admin.DeleteAsync("/admin/dead-letters?all=true")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await DeadLetterHealth(health)).Should().Be(HealthStatus.Healthy);
        await Wait.Until(() => gauge.Read(DeadLetterTestHost.DeadLetterQueue) == 0, "the gauge follows the discard");
    }

    static async Task<HealthStatus> DeadLetterHealth(HealthCheckService health) =>
        (await health.CheckHealthAsync(r => r.Name == "dead-letters")).Entries["dead-letters"].Status;

    async Task<long> Acknowledged(string queue)
    {
        using var http = RealInfrastructure.Management();
        using var document = JsonDocument.Parse(await http.GetStringAsync(
            $"api/queues/{Uri.EscapeDataString(_infrastructure.VirtualHost)}/{Uri.EscapeDataString(queue)}"));
        return document.RootElement.GetProperty("message_stats").GetProperty("ack").GetInt64();
    }

    /// <summary>Reads <c>ordersystem.dead_letter_queue.depth</c> as an exporter would.</summary>
    sealed class DepthGauge : IDisposable
    {
        readonly MeterListener _listener = new();
        readonly Dictionary<string, long> _values = [];

        public DepthGauge(Meter meter)
        {
            // Only this host's meter: other tests run hosts with the same queue names in parallel.
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter && instrument.Meter.Name == MessagingMetrics.MeterName && instrument.Name == MessagingMetrics.DepthInstrument)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "queue")
                        _values[(string)tag.Value!] = value;
                }
            });
            _listener.Start();
        }

        public long? Read(string queue)
        {
            _listener.RecordObservableInstruments();
            return _values.TryGetValue(queue, out var value) ? value : null;
        }

        public void Dispose() => _listener.Dispose();
    }
}
