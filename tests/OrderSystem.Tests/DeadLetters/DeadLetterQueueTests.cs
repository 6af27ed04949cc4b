using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using MassTransit;
using OrderSystem.Contracts;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;
using RabbitMQ.Client;

namespace OrderSystem.Tests.DeadLetters;

/// <summary>What lands in a dead-letter queue, with which reason, and what does not; on real RabbitMQ and PostgreSQL.</summary>
public sealed class DeadLetterQueueTests : IAsyncLifetime
{
    const string Envelope = "application/vnd.masstransit+json";
    readonly IsolatedInfrastructure _infrastructure = new();

    public ValueTask InitializeAsync() => _infrastructure.InitializeAsync();

    public ValueTask DisposeAsync() => _infrastructure.DisposeAsync();

    [Fact]
    public async Task Malformed_json_on_the_topic_exchange_lands_in_the_queues_DLQ_with_its_reason_and_later_messages_are_processed()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        var badId = Guid.NewGuid().ToString();
        var after = NewId.NextGuid();

        await broker.Publish(Exchanges.Inventory, "inventory.product-updated", "{ \"messageType\": [ this is not json", badId, Envelope);
        await host.Publish("AFTER-MALFORMED", after);

        await Wait.Until(async () => await host.Consumed(after) == 1, "the valid message behind the malformed one was processed");
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 1, "the malformed message is in the DLQ");
        await Wait.Until(async () => (await Queue(DeadLetterTestHost.Queue)).GetProperty("messages").GetInt64() == 0,
            "nothing is left or redelivered in the consumer queue");

        var deadLetter = (await broker.Drain(DeadLetterTestHost.DeadLetterQueue)).Single();
        deadLetter.BasicProperties.MessageId.Should().Be(badId);
        Encoding.UTF8.GetString(deadLetter.Body.Span).Should().Contain("this is not json", "the body is kept unchanged");
        var headers = Headers(deadLetter);
        headers[DeadLetterHeaders.Category].Should().Be(DeadLetterCategories.Unreadable);
        headers[DeadLetterHeaders.Reason].Should().StartWith("Unreadable message:");
        headers[DeadLetterHeaders.ExceptionType].Should().Contain("Json");
        headers[DeadLetterHeaders.SourceQueue].Should().Be(DeadLetterTestHost.Queue);
        headers[DeadLetterHeaders.OriginalExchange].Should().Be(Exchanges.Inventory);
        headers[DeadLetterHeaders.OriginalRoutingKey].Should().Be("inventory.product-updated");
        headers[DeadLetterHeaders.Attempts].Should().Be("1", "an unreadable message is not retried");
        headers.Should().ContainKey(DeadLetterHeaders.Time);
        headers.Should().ContainKey(DeadLetterHeaders.Id);
        headers.Should().ContainKey("MT-Fault-ExceptionType");
        host.Logs.Count("OrderSystem.Messaging.DeadLetters", badId).Should().Be(1, "every dead letter is logged once as a warning");
    }

    [Fact]
    public async Task A_message_missing_required_fields_is_unreadable_and_an_unknown_message_type_is_unhandled_both_in_the_same_DLQ()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        var missingFields = Guid.NewGuid();
        var unknownType = Guid.NewGuid();
        var after = NewId.NextGuid();

        await broker.Publish(Exchanges.Inventory, "inventory.product-updated",
            EnvelopeJson(missingFields, "urn:message:OrderSystem.Contracts:ProductUpdated", new { name = "no sku, no price" }), missingFields.ToString(), Envelope);
        await broker.Publish(Exchanges.Inventory, "inventory.product-updated",
            EnvelopeJson(unknownType, "urn:message:OrderSystem.Contracts:NoSuchEvent", new { sku = "X" }), unknownType.ToString(), Envelope);
        await host.Publish("AFTER-BAD-SHAPES", after);

        await Wait.Until(async () => await host.Consumed(after) == 1, "the valid message was processed");
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 2, "both bad messages are in the DLQ");
        host.Behaviour.Attempts("X").Should().Be(0);

        var deadLetters = (await broker.Drain(DeadLetterTestHost.DeadLetterQueue)).ToDictionary(m => m.BasicProperties.MessageId!, Headers);
        var missing = deadLetters[missingFields.ToString()];
        missing[DeadLetterHeaders.Category].Should().Be(DeadLetterCategories.Unreadable);
        missing[DeadLetterHeaders.Reason].Should().Contain("sku", "the reason names the missing field");
        missing[DeadLetterHeaders.MessageType].Should().Be("urn:message:OrderSystem.Contracts:ProductUpdated");
        missing[DeadLetterHeaders.Attempts].Should().Be("1");

        var unknown = deadLetters[unknownType.ToString()];
        unknown[DeadLetterHeaders.Category].Should().Be(DeadLetterCategories.Unhandled);
        unknown[DeadLetterHeaders.Reason].Should().Contain("NoSuchEvent");
        unknown[DeadLetterHeaders.ExceptionType].Should().Be(typeof(UnhandledMessageTypeException).FullName);
        unknown[DeadLetterHeaders.OriginalRoutingKey].Should().Be("inventory.product-updated");
    }

    [Fact]
    public async Task Every_queue_shows_its_DLQ_the_DLQ_does_not_dead_letter_into_itself_and_no_error_or_skipped_queues_exist()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        host.Behaviour.FailAlways("TOPOLOGY", true);
        // One fault and one unhandled type: both of MassTransit's move transports run (and would declare _error / _skipped).
        await host.Publish("TOPOLOGY", NewId.NextGuid());
        await broker.Publish(Exchanges.Inventory, "inventory.product-updated",
            EnvelopeJson(Guid.NewGuid(), "urn:message:OrderSystem.Contracts:NoSuchEvent", new { }), null, Envelope);
        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 2, "both are dead-lettered");

        var queue = await Queue(DeadLetterTestHost.Queue);
        queue.GetProperty("arguments").GetProperty("x-dead-letter-exchange").GetString().Should().Be(DeadLetterTestHost.DeadLetterQueue);
        var deadLetterQueue = await Queue(DeadLetterTestHost.DeadLetterQueue);
        deadLetterQueue.GetProperty("arguments").TryGetProperty("x-dead-letter-exchange", out _).Should().BeFalse("a DLQ must not dead-letter into itself");

        using var http = RealInfrastructure.Management();
        using var queues = JsonDocument.Parse(await http.GetStringAsync($"api/queues/{Uri.EscapeDataString(_infrastructure.VirtualHost)}"));
        var names = queues.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
        names.Should().NotContain(n => n.EndsWith("_error") || n.EndsWith("_skipped"));
        names.Where(n => !n.StartsWith("vm_", StringComparison.Ordinal) && !n.Contains("bus", StringComparison.OrdinalIgnoreCase))
            .Should().BeEquivalentTo([DeadLetterTestHost.Queue, DeadLetterTestHost.DeadLetterQueue]);
        using var exchanges = JsonDocument.Parse(await http.GetStringAsync($"api/exchanges/{Uri.EscapeDataString(_infrastructure.VirtualHost)}"));
        exchanges.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)
            .Should().NotContain(n => n.Contains("Fault", StringComparison.Ordinal), "faults are recorded in the DLQ, not published as events");
    }

    [Fact]
    public async Task A_handler_failing_twice_then_succeeding_is_processed_once_and_not_dead_lettered()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        host.Behaviour.FailNext("FLAKY", 2);
        var id = NewId.NextGuid();

        await host.Publish("FLAKY", id);

        await Wait.Until(async () => await host.Consumed(id) == 1, "the message was processed after two failures");
        await Wait.Until(async () => (await Queue(DeadLetterTestHost.Queue)).GetProperty("messages").GetInt64() == 0, "the message was acknowledged");
        host.Behaviour.Attempts("FLAKY").Should().Be(3);
        (await host.Consumed(id)).Should().Be(1);
        (await broker.Count(DeadLetterTestHost.DeadLetterQueue)).Should().Be(0);
    }

    [Fact]
    public async Task A_permanently_failing_handler_dead_letters_after_the_retries_with_the_exception_in_the_headers()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        host.Behaviour.FailAlways("BROKEN", true);
        var id = NewId.NextGuid();

        await host.Publish("BROKEN", id);

        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 1, "the message was dead-lettered");
        host.Behaviour.Attempts("BROKEN").Should().Be(6, "the first attempt and the five configured retries");
        (await host.Consumed(id)).Should().Be(0, "a failed attempt commits nothing");

        var deadLetter = (await broker.Drain(DeadLetterTestHost.DeadLetterQueue)).Single();
        deadLetter.BasicProperties.MessageId.Should().Be(id.ToString());
        var headers = Headers(deadLetter);
        headers[DeadLetterHeaders.Category].Should().Be(DeadLetterCategories.Failed);
        headers[DeadLetterHeaders.ExceptionType].Should().Be(typeof(InvalidOperationException).FullName);
        headers[DeadLetterHeaders.ExceptionMessage].Should().Be("Handler bug for BROKEN (attempt 6)");
        headers[DeadLetterHeaders.Consumer].Should().Contain(nameof(SwitchableConsumer));
        headers[DeadLetterHeaders.MessageType].Should().Contain("ProductUpdated");
        headers[DeadLetterHeaders.Attempts].Should().Be("6");
        headers[DeadLetterHeaders.Reason].Should().Contain("Failed after 6 attempt(s)").And.Contain("Handler bug for BROKEN");
        headers[DeadLetterHeaders.OriginalExchange].Should().Be(Exchanges.Inventory);
        headers[DeadLetterHeaders.OriginalRoutingKey].Should().Be("inventory.product-updated");
        headers[DeadLetterHeaders.SourceQueue].Should().Be(DeadLetterTestHost.Queue);
        headers["MT-Fault-ExceptionType"].Should().Contain("InvalidOperationException");
        headers["MT-Fault-Message"].Should().Contain("Handler bug");
    }

    [Fact]
    public async Task An_optimistic_concurrency_conflict_takes_the_ordinary_quick_retries_not_the_outage_path()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        host.Behaviour.FailNext("CONFLICT", 2, text => new Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException($"Conflict on {text}"));
        var id = NewId.NextGuid();

        await host.Publish("CONFLICT", id);

        await Wait.Until(async () => await host.Consumed(id) == 1, "the conflict was resolved by retrying");
        host.Behaviour.Attempts("CONFLICT").Should().Be(3);
        host.Logs.Count("OrderSystem.Messaging.Retry", "outage retry").Should().Be(0, "a conflict is not an outage");
    }

    [Fact]
    public async Task A_permanent_error_skips_the_retries_and_is_dead_lettered_as_rejected()
    {
        await using var host = await DeadLetterTestHost.Start(_infrastructure.VirtualHost, _infrastructure.DatabaseConnectionString);
        await using var broker = await RawBroker.Connect(_infrastructure.VirtualHost);
        host.Behaviour.FailAlways("INVALID", true, text => new Messaging.PermanentMessageException($"Unknown SKU {text}"));

        await host.Publish("INVALID", NewId.NextGuid());

        await Wait.Until(async () => await broker.Count(DeadLetterTestHost.DeadLetterQueue) == 1, "the message was dead-lettered");
        host.Behaviour.Attempts("INVALID").Should().Be(1);
        var headers = Headers((await broker.Drain(DeadLetterTestHost.DeadLetterQueue)).Single());
        headers[DeadLetterHeaders.Category].Should().Be(DeadLetterCategories.Rejected);
        headers[DeadLetterHeaders.Reason].Should().Contain("Unknown SKU INVALID");
        headers[DeadLetterHeaders.Attempts].Should().Be("1");
    }

    static string EnvelopeJson(Guid messageId, string messageType, object message) => JsonSerializer.Serialize(new
    {
        messageId,
        messageType = new[] { messageType },
        message,
        sentTime = DateTimeOffset.UtcNow,
    });

    static Dictionary<string, string> Headers(BasicGetResult message) =>
        (message.BasicProperties.Headers ?? new Dictionary<string, object?>()).ToDictionary(h => h.Key, h => h.Value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => "",
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        });

    async Task<JsonElement> Queue(string name)
    {
        using var http = RealInfrastructure.Management();
        var json = await http.GetStringAsync($"api/queues/{Uri.EscapeDataString(_infrastructure.VirtualHost)}/{Uri.EscapeDataString(name)}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
