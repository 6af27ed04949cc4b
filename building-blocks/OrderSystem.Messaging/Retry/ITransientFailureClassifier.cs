namespace OrderSystem.Messaging.Retry;

/// <summary>
/// Recognises an exception that a building block knows to be transient for its own technology
/// (e.g. the persistence block for SQL Server error numbers). Registered in DI; consulted by <see cref="TransientFailures"/>.
/// </summary>
public interface ITransientFailureClassifier
{
    /// <summary>True when <paramref name="exception"/> (one link of the chain, not its inner exceptions) is transient.</summary>
    bool IsTransient(Exception exception);
}
