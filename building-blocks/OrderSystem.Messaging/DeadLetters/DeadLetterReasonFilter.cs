using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using OrderSystem.Messaging.Retry;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Writes the reason headers onto a message that is about to be dead-lettered and logs a warning. Runs in the receive
/// endpoint's error pipe (after the retry policy gave up or skipped) and, for unhandled types, its dead-letter pipe.
/// </summary>
sealed class DeadLetterReasonFilter(string queueName, ILogger logger, MessagingMetrics metrics) : IFilter<ExceptionReceiveContext>
{
    public void Probe(ProbeContext context) => context.CreateFilterScope("deadLetterReason");

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        Describe(context, Categorize(context.Exception));
        await next.Send(context);
    }

    /// <summary>Sets the headers and logs; <paramref name="category"/> is one of <see cref="DeadLetterCategories"/>.</summary>
    internal void Describe(ExceptionReceiveContext context, string category)
    {
        var exception = Decisive(context.Exception);
        var attempts = context.TryGetPayload(out DeliveryAttempts? delivery) ? delivery.Count : 1;
        context.TryGetPayload(out ConsumerFaultContext? fault);
        var messageType = fault?.MessageType ?? ReadMessageTypes(context);
        var messageId = context.TryGetPayload(out RabbitMqBasicConsumeContext? rabbit) ? rabbit.Properties.MessageId : null;
        messageId ??= context.GetMessageId()?.ToString();
        var deadLetterId = NewId.NextGuid().ToString();
        var reason = category switch
        {
            DeadLetterCategories.Unreadable => $"Unreadable message: {Message(exception)}",
            DeadLetterCategories.Unhandled => exception.Message,
            DeadLetterCategories.Rejected => $"Rejected by {fault?.ConsumerType ?? "the consumer"}: {Message(exception)}",
            _ => $"Failed after {attempts} attempt(s) in {fault?.ConsumerType ?? "the consumer"}: {exception.GetType().Name}: {Message(exception)}",
        };

        var headers = context.ExceptionHeaders;
        headers.Set(DeadLetterHeaders.Id, deadLetterId);
        headers.Set(DeadLetterHeaders.Reason, Truncate(reason, 1_000));
        headers.Set(DeadLetterHeaders.Category, category);
        headers.Set(DeadLetterHeaders.ExceptionType, exception.GetType().FullName);
        headers.Set(DeadLetterHeaders.ExceptionMessage, Truncate(Message(exception), 2_000));
        headers.Set(DeadLetterHeaders.Consumer, fault?.ConsumerType);
        headers.Set(DeadLetterHeaders.MessageType, messageType);
        headers.Set(DeadLetterHeaders.SourceQueue, queueName);
        headers.Set(DeadLetterHeaders.Attempts, attempts);
        headers.Set(DeadLetterHeaders.Time, context.ExceptionTimestamp.ToUniversalTime().ToString("O"));
        headers.Set(DeadLetterHeaders.Host, Environment.MachineName);

        // The first dead-lettering records where the message came from; a replayed copy already carries it.
        if (rabbit is not null && !HasHeader(rabbit, DeadLetterHeaders.OriginalExchange))
        {
            headers.Set(DeadLetterHeaders.OriginalExchange, rabbit.Exchange);
            headers.Set(DeadLetterHeaders.OriginalRoutingKey, rabbit.RoutingKey);
        }

        metrics.DeadLettered(queueName, category);
        logger.LogWarning(context.Exception,
            "Dead-lettered message {MessageId} ({MessageType}) from {Queue} to {DeadLetterQueue} as {DeadLetterId} after {Attempts} attempt(s), category {Category}: {Reason}",
            messageId, messageType ?? "unknown type", queueName, DeadLetterQueueNames.For(queueName), deadLetterId, attempts, category, reason);
    }

    internal static string Categorize(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SerializationException or JsonException or NotSupportedException { InnerException: JsonException }:
                    return DeadLetterCategories.Unreadable;
                case PermanentMessageException or System.ComponentModel.DataAnnotations.ValidationException:
                    return DeadLetterCategories.Rejected;
            }
        }

        return DeadLetterCategories.Failed;
    }

    /// <summary>The exception worth showing: the innermost one below MassTransit's and the serializer's wrappers.</summary>
    static Exception Decisive(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null
               && current is SerializationException or AggregateException or ConsumerException or MessageException
                   or System.Reflection.TargetInvocationException)
            current = current.InnerException;
        return current;
    }

    static string Message(Exception exception) => exception is SerializationException { InnerException: { } inner }
        ? $"{exception.Message}: {inner.Message}"
        : exception.Message;

    static bool HasHeader(RabbitMqBasicConsumeContext rabbit, string key) => rabbit.Properties.Headers?.ContainsKey(key) == true;

    /// <summary>The envelope's <c>messageType</c> list, read leniently from the raw body (it may be the unreadable part).</summary>
    internal static string? ReadMessageTypes(ReceiveContext context)
    {
        try
        {
            var body = context.GetBody();
            if (body.Length is 0 or > 4 * 1024 * 1024)
                return null;
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("messageType", out var types)
                || types.ValueKind != JsonValueKind.Array)
                return null;
            var names = types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()).ToArray();
            return names.Length == 0 ? null : string.Join(";", names);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "…";
}
