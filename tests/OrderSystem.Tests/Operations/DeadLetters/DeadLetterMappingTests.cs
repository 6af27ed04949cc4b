using System.Security.Cryptography;
using System.Text;
using AwesomeAssertions;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Operations.DeadLetters;
using RabbitMQ.Client;

namespace OrderSystem.Tests.Operations.DeadLetters;

/// <summary>What the admin API shows of a dead-lettered message and what a replay sends, without a broker.</summary>
public sealed class DeadLetterMappingTests
{
    static readonly ConsumerQueue Queue = new("inventory.order-placed", "inventory.order-placed.dlq");

    // AMQP delivers string header values as bytes.
    static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    static BasicGetResult Message(Dictionary<string, object?>? headers = null, string? messageId = null, byte[]? body = null,
        string exchange = "inventory.order-placed.dlq") =>
        new(deliveryTag: 7, redelivered: false, exchange, routingKey: "", messageCount: 0,
            new BasicProperties { MessageId = messageId, Headers = headers, ContentType = "application/vnd.masstransit+json" },
            body ?? Text("""{"message":{"orderId":"1"}}"""));

    [Fact]
    public void Our_dead_letter_headers_make_the_summary()
    {
        var message = Message(new Dictionary<string, object?>
        {
            [DeadLetterHeaders.Id] = Text("dl-1"),
            [DeadLetterHeaders.Category] = Text(DeadLetterCategories.Failed),
            [DeadLetterHeaders.Reason] = Text("Failed after 3 attempt(s): boom"),
            [DeadLetterHeaders.ExceptionType] = Text("System.InvalidOperationException"),
            [DeadLetterHeaders.Consumer] = Text("OrderPlacedConsumer"),
            [DeadLetterHeaders.MessageType] = Text("urn:message:OrderSystem.Contracts:OrderPlaced"),
            [DeadLetterHeaders.Attempts] = Text("3"),
            [DeadLetterHeaders.Time] = Text("2026-12-04T07:00:00.0000000+00:00"),
            [DeadLetterHeaders.OriginalExchange] = Text("order"),
            [DeadLetterHeaders.OriginalRoutingKey] = Text("order.placed"),
            [DeadLetterHeaders.ReplayCount] = 2,
            ["MT-Fault-Message"] = Text("not used: our reason wins"),
        }, messageId: "m-1");

        DeadLetterMapping.Summarize(message, Queue).Should().BeEquivalentTo(new DeadLetterSummary
        {
            Id = "dl-1",
            DeadLetterQueue = "inventory.order-placed.dlq",
            SourceQueue = "inventory.order-placed",
            MessageId = "m-1",
            MessageType = "urn:message:OrderSystem.Contracts:OrderPlaced",
            Category = DeadLetterCategories.Failed,
            Reason = "Failed after 3 attempt(s): boom",
            ExceptionType = "System.InvalidOperationException",
            Consumer = "OrderPlacedConsumer",
            Attempts = 3,
            DeadLetteredAt = new DateTimeOffset(2026, 12, 4, 7, 0, 0, TimeSpan.Zero),
            OriginalExchange = "order",
            OriginalRoutingKey = "order.placed",
            ReplayCount = 2,
        });
    }

    [Fact]
    public void A_message_the_broker_dead_lettered_says_so_and_where_from()
    {
        var message = Message(new Dictionary<string, object?>
        {
            ["x-first-death-reason"] = Text("rejected"),
            ["x-first-death-queue"] = Text("inventory.order-placed"),
        }, messageId: "m-2");

        var summary = DeadLetterMapping.Summarize(message, Queue);

        summary.Category.Should().Be(DeadLetterCategories.Broker);
        summary.Reason.Should().Be("Dead-lettered by the broker (rejected) from inventory.order-placed");
        summary.Id.Should().Be("m-2", "without a dead-letter id the message id serves");
        summary.OriginalExchange.Should().Be("inventory.order-placed.dlq", "without the header, the exchange it was delivered from");
        summary.Attempts.Should().BeNull();
        summary.DeadLetteredAt.Should().BeNull();
        summary.ReplayCount.Should().Be(0);
    }

    [Fact]
    public void MassTransit_fault_headers_fill_in_for_a_message_dead_lettered_without_ours()
    {
        var message = Message(new Dictionary<string, object?>
        {
            ["MT-Fault-Message"] = Text("Object reference not set"),
            ["MT-Fault-ExceptionType"] = Text("System.NullReferenceException"),
            ["MT-Fault-ConsumerType"] = Text("SomeConsumer"),
        });

        var summary = DeadLetterMapping.Summarize(message, Queue);

        summary.Reason.Should().Be("Object reference not set");
        summary.ExceptionType.Should().Be("System.NullReferenceException");
        summary.Consumer.Should().Be("SomeConsumer");
        summary.Category.Should().Be(DeadLetterCategories.Broker);
    }

    [Fact]
    public void A_message_without_headers_or_message_id_gets_a_stable_id_from_its_body()
    {
        var body = Text("{ not json");
        var expected = "sha256-" + Convert.ToHexStringLower(SHA256.HashData(body))[..32];

        var summary = DeadLetterMapping.Summarize(Message(body: body), Queue);

        summary.Id.Should().Be(expected);
        DeadLetterMapping.IdOf(Message(body: body)).Should().Be(expected, "the same body gives the same id on every listing");
        summary.Reason.Should().Be("unknown");
        summary.MessageId.Should().BeNull();
    }

    [Fact]
    public void The_detail_has_the_body_as_text_when_it_is_utf8_and_as_base64_otherwise()
    {
        var text = DeadLetterMapping.Detail(Message(body: Text("""{"sku":"ÄÖ-1"}""")), Queue);
        text.Body.Should().Be("""{"sku":"ÄÖ-1"}""");
        text.BodyEncoding.Should().Be("utf-8");
        text.ContentType.Should().Be("application/vnd.masstransit+json");

        byte[] binary = [0xff, 0xfe, 0x00, 0x41];
        var base64 = DeadLetterMapping.Detail(Message(body: binary), Queue);
        base64.Body.Should().Be(Convert.ToBase64String(binary));
        base64.BodyEncoding.Should().Be("base64");
    }

    [Fact]
    public void The_detail_shows_every_header_sorted_and_readable()
    {
        var detail = DeadLetterMapping.Detail(Message(new Dictionary<string, object?>
        {
            ["x-death"] = new List<object?> { new Dictionary<string, object?> { ["queue"] = Text("inventory.order-placed"), ["count"] = 1L } },
            [DeadLetterHeaders.Reason] = Text("why"),
            ["b-time"] = new AmqpTimestamp(1_700_000_000),
            ["a-flag"] = true,
        }), Queue);

        detail.Headers.Keys.Should().Equal("a-flag", "b-time", DeadLetterHeaders.Reason, "x-death");
        detail.Headers["a-flag"].Should().Be(true);
        detail.Headers["b-time"].Should().Be(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        detail.Headers[DeadLetterHeaders.Reason].Should().Be("why");
        var death = detail.Headers["x-death"].Should().BeAssignableTo<IEnumerable<object?>>().Which.Single();
        death.Should().BeEquivalentTo(new Dictionary<string, object?> { ["queue"] = "inventory.order-placed", ["count"] = 1L });
        detail.Reason.Should().Be("why");
    }

    [Fact]
    public void A_dead_letter_is_found_by_its_dead_letter_id_or_its_message_id_in_any_case()
    {
        var message = Message(new Dictionary<string, object?> { [DeadLetterHeaders.Id] = Text("DL-ABC") }, messageId: "MSG-1");

        DeadLetterMapping.Matches(message, "dl-abc").Should().BeTrue();
        DeadLetterMapping.Matches(message, "msg-1").Should().BeTrue();
        DeadLetterMapping.Matches(message, "other").Should().BeFalse();
    }

    [Fact]
    public void Replay_drops_the_headers_of_the_dead_lettering_keeps_the_rest_and_counts_the_replay()
    {
        var replay = DeadLetterMapping.ReplayHeaders(new Dictionary<string, object?>
        {
            [DeadLetterHeaders.Id] = Text("dl-1"),
            [DeadLetterHeaders.Reason] = Text("boom"),
            ["MT-Fault-Message"] = Text("boom"),
            ["MT-Reason"] = Text("fault"),
            ["x-death"] = new List<object?>(),
            ["x-first-death-reason"] = Text("rejected"),
            ["x-last-death-queue"] = Text("q"),
            [DeadLetterHeaders.OriginalRoutingKey] = Text("order.placed"),
            [DeadLetterHeaders.ReplayCount] = 2,
            ["traceparent"] = Text("00-abc-def-01"),
        });

        replay.Keys.Should().BeEquivalentTo([DeadLetterHeaders.OriginalRoutingKey, "traceparent", DeadLetterHeaders.ReplayCount]);
        replay[DeadLetterHeaders.ReplayCount].Should().Be(3);
        DeadLetterMapping.ReplayHeaders(null).Should().Equal(new Dictionary<string, object?> { [DeadLetterHeaders.ReplayCount] = 1 });
    }
}
