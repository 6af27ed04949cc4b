namespace OrderSystem.Messaging.DeadLetters;

/// <summary>Thrown (never raised to a consumer) to describe a message that no consumer on its queue handles.</summary>
public sealed class UnhandledMessageTypeException : Exception
{
    public UnhandledMessageTypeException(string message) : base(message) { }

    public UnhandledMessageTypeException(string message, Exception innerException) : base(message, innerException) { }

    public UnhandledMessageTypeException() { }
}
