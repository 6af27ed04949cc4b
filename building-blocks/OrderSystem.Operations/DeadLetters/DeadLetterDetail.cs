namespace OrderSystem.Operations.DeadLetters;

/// <summary>One dead-lettered message with its body and headers.</summary>
public sealed record DeadLetterDetail : DeadLetterSummary
{
    /// <summary>The AMQP content type, e.g. <c>application/vnd.masstransit+json</c>: how to read <see cref="Body"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>All AMQP headers, values made readable.</summary>
    public required IReadOnlyDictionary<string, object?> Headers { get; init; }

    /// <summary>The body: text when it is valid UTF-8, base64 otherwise (see <see cref="BodyEncoding"/>).</summary>
    public required string Body { get; init; }

    /// <summary><c>utf-8</c> or <c>base64</c>.</summary>
    public required string BodyEncoding { get; init; }
}
