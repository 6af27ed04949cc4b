namespace OrderSystem.FaultInjection.Soak;

/// <summary>
/// A stretch of the soak (seconds since its start) during which a fault was in force or the system was still recovering
/// from it. Samples taken then measure the fault, not a trend, and are left out of the judgement.
/// </summary>
/// <param name="From">When the fault was injected.</param>
/// <param name="To">When the system had recovered, plus the age of the latency sample window.</param>
public sealed record Disturbance(double From, double To)
{
    /// <summary>True when <paramref name="seconds"/> falls inside this stretch.</summary>
    public bool Covers(double seconds) => seconds >= From && seconds <= To;
}
