using MassTransit;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// One message waiting in the transactional outbox. It is written in the same database transaction as the
/// state change that caused it and deleted by the <see cref="OutboxRelay{TDbContext}"/> once the broker confirmed it.
/// Implements MassTransit's <see cref="OutboxMessageContext"/> so the relay can replay it with MassTransit's own send pipe.
/// </summary>
public sealed class OutboxMessage : OutboxMessageContext
{
    Headers? _headers;
    IReadOnlyDictionary<string, object>? _properties;

    /// <summary>Database-generated row key. Not an order: SQL Server assigns identities of one batched insert in any order.</summary>
    public long SequenceNumber { get; set; }

    /// <summary>The <see cref="OutboxTransaction"/> this message belongs to.</summary>
    public Guid OutboxId { get; set; }

    /// <summary>
    /// Where the message stands in its transaction, assigned by the application as it is published (0, 1, 2, ...):
    /// the relay delivers a transaction's messages in this order.
    /// </summary>
    public int Position { get; set; }

    /// <summary>MassTransit message id; consumers' inboxes deduplicate by it.</summary>
    public Guid MessageId { get; set; }

    public Guid? ConversationId { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? InitiatorId { get; set; }

    public Guid? RequestId { get; set; }

    public Uri? SourceAddress { get; set; }

    public Uri? DestinationAddress { get; set; }

    public Uri? ResponseAddress { get; set; }

    public Uri? FaultAddress { get; set; }

    /// <summary>When the message was published (UTC).</summary>
    public DateTime SentTime { get; set; }

    public DateTime? ExpirationTime { get; set; }

    public string ContentType { get; set; } = "";

    /// <summary>Supported message type URNs, separated by semicolons.</summary>
    public string MessageType { get; set; } = "";

    /// <summary>The serialized message envelope.</summary>
    public string Body { get; set; } = "";

    /// <summary>Message headers as JSON.</summary>
    public string? Headers { get; set; }

    /// <summary>Transport properties (exchange, routing key) as JSON.</summary>
    public string? Properties { get; set; }

    /// <summary>W3C <c>traceparent</c> of the activity that published the message; the relay continues that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; set; }

    Guid? MessageContext.MessageId => MessageId;
    DateTime? MessageContext.SentTime => SentTime;
    Headers MessageContext.Headers => _headers ??= ReadHeaders();
    HostInfo MessageContext.Host => HostMetadataCache.Host;
    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => _properties ??= ReadProperties();

    Headers ReadHeaders()
    {
        var headers = SystemTextJsonMessageSerializer.Instance.DeserializeDictionary<object?>(Headers);
        return headers is null ? EmptyHeaders.Instance : new DictionarySendHeaders(headers);
    }

    Dictionary<string, object> ReadProperties()
    {
        var properties = SystemTextJsonMessageSerializer.Instance.DeserializeDictionary<object>(Properties)
            ?? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        // A delay was already honoured through AvailableAt; passing it on would ask the broker for a delayed exchange.
        properties.Remove("Delay");
        return properties;
    }
}
