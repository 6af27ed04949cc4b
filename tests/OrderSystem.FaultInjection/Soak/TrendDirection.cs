namespace OrderSystem.FaultInjection.Soak;

/// <summary>Which way a series must not drift.</summary>
public enum TrendDirection
{
    /// <summary>Must not grow (memory, rows, queue depth, latency).</summary>
    Growth,

    /// <summary>Must not fall (throughput).</summary>
    Decline,
}
