using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrderSystem.Messaging.DeadLetters;
using RabbitMQ.Client;

namespace OrderSystem.Operations.DeadLetters;

/// <summary>
/// What the admin API shows of a dead-lettered AMQP message and what a replay sends: pure functions of the message, so they
/// are tested without a broker. Our <see cref="DeadLetterHeaders"/> come first; MassTransit's <c>MT-Fault-*</c> headers and
/// the broker's <c>x-first-death-*</c> headers fill in for messages dead-lettered elsewhere.
/// </summary>
static class DeadLetterMapping
{
    static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>True when <paramref name="id"/> is the message's dead-letter id or its message id (case-insensitive).</summary>
    public static bool Matches(BasicGetResult message, string id) =>
        string.Equals(IdOf(message), id, StringComparison.OrdinalIgnoreCase)
        || string.Equals(message.BasicProperties.MessageId, id, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>x-dead-letter-id</c> header, else the message id, else a hash of the body: some id is always there.</summary>
    public static string IdOf(BasicGetResult message) =>
        Header(message.BasicProperties.Headers, DeadLetterHeaders.Id)
        ?? message.BasicProperties.MessageId
        ?? "sha256-" + Convert.ToHexStringLower(SHA256.HashData(message.Body.Span))[..32];

    public static DeadLetterSummary Summarize(BasicGetResult message, ConsumerQueue queue) => Fill(new DeadLetterSummary
    {
        Id = IdOf(message),
        DeadLetterQueue = queue.DeadLetterQueue,
        SourceQueue = queue.Queue,
        Category = DeadLetterCategories.Broker,
        Reason = "",
    }, message, queue);

    /// <summary>The summary plus every header (made readable) and the body: UTF-8 text, or base64 when it is not valid UTF-8.</summary>
    public static DeadLetterDetail Detail(BasicGetResult message, ConsumerQueue queue)
    {
        string body, encoding;
        try
        {
            body = StrictUtf8.GetString(message.Body.Span);
            encoding = "utf-8";
        }
        catch (DecoderFallbackException)
        {
            body = Convert.ToBase64String(message.Body.Span);
            encoding = "base64";
        }

        return Fill(new DeadLetterDetail
        {
            Id = IdOf(message),
            DeadLetterQueue = queue.DeadLetterQueue,
            SourceQueue = queue.Queue,
            Category = DeadLetterCategories.Broker,
            Reason = "",
            ContentType = message.BasicProperties.ContentType,
            Headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .OrderBy(h => h.Key, StringComparer.Ordinal)
                .ToDictionary(h => h.Key, h => Readable(h.Value)),
            Body = body,
            BodyEncoding = encoding,
        }, message, queue);
    }

    static T Fill<T>(T summary, BasicGetResult message, ConsumerQueue queue)
        where T : DeadLetterSummary
    {
        var headers = message.BasicProperties.Headers;
        var reason = Header(headers, DeadLetterHeaders.Reason);
        var brokerReason = Header(headers, "x-first-death-reason");
        return summary with
        {
            MessageId = message.BasicProperties.MessageId,
            MessageType = Header(headers, DeadLetterHeaders.MessageType),
            Category = Header(headers, DeadLetterHeaders.Category) ?? DeadLetterCategories.Broker,
            Reason = reason
                ?? (brokerReason is not null ? $"Dead-lettered by the broker ({brokerReason}) from {Header(headers, "x-first-death-queue") ?? queue.Queue}"
                    : Header(headers, "MT-Fault-Message") ?? "unknown"),
            ExceptionType = Header(headers, DeadLetterHeaders.ExceptionType) ?? Header(headers, "MT-Fault-ExceptionType"),
            Consumer = Header(headers, DeadLetterHeaders.Consumer) ?? Header(headers, "MT-Fault-ConsumerType"),
            Attempts = int.TryParse(Header(headers, DeadLetterHeaders.Attempts), CultureInfo.InvariantCulture, out var attempts) ? attempts : null,
            DeadLetteredAt = DateTimeOffset.TryParse(Header(headers, DeadLetterHeaders.Time), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var time) ? time : null,
            OriginalExchange = Header(headers, DeadLetterHeaders.OriginalExchange) ?? message.Exchange,
            OriginalRoutingKey = Header(headers, DeadLetterHeaders.OriginalRoutingKey),
            ReplayCount = int.TryParse(Header(headers, DeadLetterHeaders.ReplayCount), CultureInfo.InvariantCulture, out var replays) ? replays : 0,
        };
    }

    /// <summary>The dead letter's headers minus those describing its dead-lettering, plus a replay counter.</summary>
    public static Dictionary<string, object?> ReplayHeaders(IDictionary<string, object?>? headers)
    {
        var replay = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in headers ?? new Dictionary<string, object?>())
        {
            if (key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("MT-Fault-", StringComparison.OrdinalIgnoreCase)
                || key.Equals("MT-Reason", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("x-death", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("x-first-death-", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("x-last-death-", StringComparison.OrdinalIgnoreCase)
                || key.Equals(DeadLetterHeaders.ReplayCount, StringComparison.OrdinalIgnoreCase))
                continue;
            replay[key] = value;
        }

        var previous = int.TryParse(Header(headers, DeadLetterHeaders.ReplayCount), CultureInfo.InvariantCulture, out var count) ? count : 0;
        replay[DeadLetterHeaders.ReplayCount] = previous + 1;
        return replay;
    }

    static string? Header(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value) ? Convert.ToString(Readable(value), CultureInfo.InvariantCulture) : null;

    /// <summary>AMQP header values as JSON-friendly values: strings arrive as bytes, tables and arrays nest.</summary>
    static object? Readable(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        AmqpTimestamp timestamp => DateTimeOffset.FromUnixTimeSeconds(timestamp.UnixTime),
        IDictionary<string, object?> table => table.ToDictionary(e => e.Key, e => Readable(e.Value)),
        IEnumerable<object?> list => list.Select(Readable).ToList(),
        string or bool or byte or sbyte or short or int or long or float or double or decimal => value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
