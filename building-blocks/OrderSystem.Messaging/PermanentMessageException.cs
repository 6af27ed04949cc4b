namespace OrderSystem.Messaging;

/// <summary>
/// Thrown by a consumer when a message can never succeed (invalid content, broken invariant).
/// Retries are skipped and the message goes straight to the dead-letter queue with this reason.
/// </summary>
public sealed class PermanentMessageException : Exception
{
    /// <summary>Creates the exception with the reason for the dead-letter queue.</summary>
    public PermanentMessageException(string message) : base(message) { }

    public PermanentMessageException(string message, Exception innerException) : base(message, innerException) { }

    public PermanentMessageException() { }
}
