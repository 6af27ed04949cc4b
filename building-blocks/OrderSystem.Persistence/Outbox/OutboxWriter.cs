using System.Diagnostics;
using MassTransit;
using MassTransit.Serialization;
using MassTransit.Context;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Persistence.Outbox;

/// <summary>Turns a MassTransit send or publish into an <see cref="OutboxMessage"/> row tracked by the DbContext.</summary>
static class OutboxWriter
{
    /// <summary>
    /// Stores the message. Ordinary messages join the unit of work's outbox transaction at the next position of <paramref name="cursor"/>;
    /// a scheduled send (<see cref="SendContext.Delay"/>, e.g. a saga timeout) gets a transaction of its own that becomes
    /// available when it is due, so it never holds back the messages published alongside it.
    /// </summary>
    public static void Add<T>(DbContext dbContext, SendContext<T> context, OutboxTransactionCursor cursor)
        where T : class
    {
        if (context.MessageId is null)
            throw new InvalidOperationException($"{typeof(T).Name} has no MessageId; the outbox needs one to stay idempotent.");

        var now = DateTime.UtcNow;
        Guid outboxId;
        var position = 0;
        if (context.Delay is { } delay && delay > TimeSpan.Zero)
        {
            // The schedule's token names the transaction, so cancelling the schedule can delete it (OutboxScheduleMessageProvider).
            outboxId = context.ScheduledMessageId ?? DatabaseDialect.For(dbContext).NewSequentialId();
            dbContext.Set<OutboxTransaction>().Add(new OutboxTransaction { OutboxId = outboxId, CreatedAt = now, AvailableAt = now + delay });
        }
        else
        {
            (outboxId, position) = cursor.Next();
        }

        var activity = Activity.Current;
        var serializer = SystemTextJsonMessageSerializer.Instance;

        var message = new OutboxMessage
        {
            OutboxId = outboxId,
            Position = position,
            MessageId = context.MessageId.Value,
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime ?? now,
            ExpirationTime = context.TimeToLive is { } ttl ? now + ttl : null,
            ContentType = context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            Headers = serializer.SerializeDictionary(context.Headers.GetAll()),
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
        };

        if (context is TransportSendContext<T> transportContext)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transportContext.WritePropertiesTo(properties);
            // The outbox honours the delay itself (AvailableAt); the relay must send plainly, since RabbitMQ here has no delay plugin.
            properties.Remove("Delay");
            message.Properties = serializer.SerializeDictionary(properties);
        }

        dbContext.Set<OutboxMessage>().Add(message);
    }
}
