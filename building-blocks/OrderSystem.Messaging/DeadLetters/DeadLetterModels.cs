using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>Dead-letter tooling settings, bound from <c>Messaging:DeadLetters</c>.</summary>
public sealed class DeadLetterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Messaging:DeadLetters";

    /// <summary>How often the depth gauge is refreshed from the broker.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most messages one admin operation reads from a dead-letter queue (AMQP cannot index into a queue).</summary>
    [Range(1, 1_000_000)]
    public int MaxScan { get; set; } = 10_000;

    /// <summary>The largest page the list endpoint returns.</summary>
    [Range(1, 1_000)]
    public int MaxPageSize { get; set; } = 100;
}

/// <summary>A consumer queue's dead-letter queue and how many messages wait in it.</summary>
/// <param name="Queue">The consumer queue.</param>
/// <param name="DeadLetterQueue">Its dead-letter queue.</param>
/// <param name="Depth">Messages waiting in the dead-letter queue (0 if it does not exist yet).</param>
public sealed record DeadLetterQueueDepth(string Queue, string DeadLetterQueue, long Depth);

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

/// <summary>One dead-lettered message with its body and headers.</summary>
public sealed record DeadLetterDetail : DeadLetterSummary
{
    /// <summary>The AMQP content type.</summary>
    public string? ContentType { get; init; }

    /// <summary>All AMQP headers, values made readable.</summary>
    public required IReadOnlyDictionary<string, object?> Headers { get; init; }

    /// <summary>The body: text when it is valid UTF-8, base64 otherwise (see <see cref="BodyEncoding"/>).</summary>
    public required string Body { get; init; }

    /// <summary><c>utf-8</c> or <c>base64</c>.</summary>
    public required string BodyEncoding { get; init; }
}

/// <summary>A page of dead letters across the service's dead-letter queues.</summary>
/// <param name="Items">The dead letters on this page.</param>
/// <param name="Offset">Index of the first item.</param>
/// <param name="Limit">Requested page size.</param>
/// <param name="Total">Dead letters in the queues listed.</param>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, int Offset, int Limit, long Total);

/// <summary>What a replay or discard did.</summary>
/// <param name="Action"><c>replay</c> or <c>discard</c>.</param>
/// <param name="Count">How many dead letters it handled.</param>
/// <param name="Items">Which ones: dead-letter id, message id and queue.</param>
public sealed record DeadLetterActionResult(string Action, int Count, IReadOnlyList<DeadLetterActionItem> Items);

/// <summary>One dead letter handled by a replay or discard.</summary>
/// <param name="Id">The dead letter's id.</param>
/// <param name="MessageId">Its message id.</param>
/// <param name="DeadLetterQueue">The dead-letter queue it was taken from.</param>
/// <param name="Queue">The consumer queue (replay target).</param>
public sealed record DeadLetterActionItem(string Id, string? MessageId, string DeadLetterQueue, string Queue);
