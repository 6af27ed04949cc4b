using OrderSystem.Messaging.DeadLetters;

namespace OrderSystem.Operations.DeadLetters;

/// <summary>One dead-lettered message as listed: who, what, why and when.</summary>
public record DeadLetterSummary
{
    /// <summary>The dead letter's id for the admin API (its <c>x-dead-letter-id</c>, else its message id).</summary>
    public required string Id { get; init; }

    /// <summary>The dead-letter queue holding it.</summary>
    public required string DeadLetterQueue { get; init; }

    /// <summary>The queue it failed in; replay sends it back there.</summary>
    public required string SourceQueue { get; init; }

    /// <summary>The message id (kept on replay, so the inbox still deduplicates).</summary>
    public string? MessageId { get; init; }

    /// <summary>The message type(s) from the envelope, when readable.</summary>
    public string? MessageType { get; init; }

    /// <summary>One of <see cref="DeadLetterCategories"/>.</summary>
    public required string Category { get; init; }

    /// <summary>Why it is here, in one line.</summary>
    public required string Reason { get; init; }

    /// <summary>Type of the exception that dead-lettered it.</summary>
    public string? ExceptionType { get; init; }

    /// <summary>The consumer that failed, when one was reached.</summary>
    public string? Consumer { get; init; }

    /// <summary>How many times a consumer ran for the delivery.</summary>
    public int? Attempts { get; init; }

    /// <summary>When it was dead-lettered.</summary>
    public DateTimeOffset? DeadLetteredAt { get; init; }

    /// <summary>Exchange it was first published to.</summary>
    public string? OriginalExchange { get; init; }

    /// <summary>Routing key it was first published with.</summary>
    public string? OriginalRoutingKey { get; init; }

    /// <summary>How often it was replayed before.</summary>
    public int ReplayCount { get; init; }
}
