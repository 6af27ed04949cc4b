namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// Follows one protocol's client-to-server byte stream just far enough to see where a request of interest ends (an AMQP
/// publish with its content, a PostgreSQL COMMIT), so that the proxy can forward exactly that request and then cut.
/// </summary>
public interface IRequestScanner
{
    /// <summary>
    /// Consumes the next <paramref name="data"/> of the stream; returns the offset just past the end of the first request
    /// of interest that completes in it, or -1. The whole chunk is always consumed, so the scanner stays in step.
    /// </summary>
    int Scan(ReadOnlySpan<byte> data);
}
