namespace OrderSystem.Benchmarks;

/// <summary>What <see cref="TimedWorkers"/> measured: elapsed seconds, steps completed, step latency p50 and p99 (ms).</summary>
sealed record TimedRun(double Seconds, long Steps, double P50Ms, double P99Ms)
{
    public double PerSecond => Steps / Seconds;
}
