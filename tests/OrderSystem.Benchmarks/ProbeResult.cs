namespace OrderSystem.Benchmarks;

/// <summary>CPU and outbox readings taken around one phase.</summary>
sealed record ProbeResult(Dictionary<string, double> CpuSeconds, double MachineBusyPercent, double MaxOutboxLag, string MaxOutboxLagService, long MaxOutboxPending,
    int NotReadySamples, RuntimeTotals Runtime);
