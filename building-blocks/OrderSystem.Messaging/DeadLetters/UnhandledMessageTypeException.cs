namespace OrderSystem.Messaging.DeadLetters;

/// <summary>Thrown (never raised to a consumer) to describe a message that no consumer on its queue handles.</summary>
public sealed class UnhandledMessageTypeException : Exception
{
    /// <summary>Creates the exception with its description.</summary>
    public UnhandledMessageTypeException(string message) : base(message) { }

    /// <summary>Creates the exception with its description and cause.</summary>
    public UnhandledMessageTypeException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception without a description.</summary>
    public UnhandledMessageTypeException() { }
}
