namespace OrderSystem.Messaging.DeadLetters;

/// <summary>Why a message was dead-lettered.</summary>
public static class DeadLetterCategories
{
    /// <summary>The consumer kept failing after the retry policy was exhausted.</summary>
    public const string Failed = "failed";

    /// <summary>The consumer declared the message permanently invalid; no retries.</summary>
    public const string Rejected = "rejected";

    /// <summary>The message could not be read (malformed JSON, unsupported content type, missing required fields).</summary>
    public const string Unreadable = "unreadable";

    /// <summary>No consumer on the queue handles the message's type.</summary>
    public const string Unhandled = "unhandled";

    /// <summary>The broker dead-lettered it (e.g. rejected, expired, delivery limit); see its <c>x-death</c> header.</summary>
    public const string Broker = "broker";
}
