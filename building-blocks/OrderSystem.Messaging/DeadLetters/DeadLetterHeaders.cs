namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Headers every dead-lettered message carries, written when the message is moved to its dead-letter queue.
/// MassTransit's own <c>MT-Fault-*</c> headers (stack trace, host) are kept as well; these are the ones the admin API,
/// the logs and a human in the management UI read.
/// </summary>
public static class DeadLetterHeaders
{
    /// <summary>Prefix of the headers that describe one dead-lettering; removed when the message is replayed.</summary>
    public const string Prefix = "x-dead-letter-";

    /// <summary>Unique id of this dead letter (the admin API's id; the message id may be missing or repeated).</summary>
    public const string Id = Prefix + "id";

    /// <summary>One readable line: why the message is here.</summary>
    public const string Reason = Prefix + "reason";

    /// <summary>One of <see cref="DeadLetterCategories"/>.</summary>
    public const string Category = Prefix + "category";

    /// <summary>Full type name of the exception that decided the fate of the message.</summary>
    public const string ExceptionType = Prefix + "exception-type";

    /// <summary>That exception's message.</summary>
    public const string ExceptionMessage = Prefix + "exception-message";

    /// <summary>The consumer (or saga) type that failed, when one was reached.</summary>
    public const string Consumer = Prefix + "consumer";

    /// <summary>The message type(s) named in the envelope, when readable.</summary>
    public const string MessageType = Prefix + "message-type";

    /// <summary>The queue the message failed in; replay sends it back there.</summary>
    public const string SourceQueue = Prefix + "source-queue";

    /// <summary>How many times a consumer ran for this delivery (1 = no retry).</summary>
    public const string Attempts = Prefix + "attempts";

    /// <summary>When the message was dead-lettered (ISO 8601, UTC).</summary>
    public const string Time = Prefix + "time";

    /// <summary>Machine that dead-lettered the message.</summary>
    public const string Host = Prefix + "host";

    /// <summary>Exchange the message was first published to; kept across replays.</summary>
    public const string OriginalExchange = "x-original-exchange";

    /// <summary>Routing key the message was first published with; kept across replays.</summary>
    public const string OriginalRoutingKey = "x-original-routing-key";

    /// <summary>How often the message was replayed from a dead-letter queue.</summary>
    public const string ReplayCount = "x-replay-count";
}
