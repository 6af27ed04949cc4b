namespace OrderSystem.Tests.Hosts;

/// <summary>
/// Timeouts short enough that the payment-timeout path takes seconds, but not so short that an approved payment on a
/// loaded machine (CI, parallel test classes) loses the race against its own timeout; the order rate limit out of the way.
/// </summary>
public sealed class ShortSagaTimeouts : ISystemSettings
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["Order:Saga:PaymentTimeout"] = "00:00:10",
        ["Payment:DelayedApprovalDelay"] = "00:00:14",
        ["Payment:CapturePollInterval"] = "00:00:00.200",
        ["RateLimiting:Orders:PermitsPerSecond"] = "1000",
        ["RateLimiting:Orders:Burst"] = "1000",
    };
}
