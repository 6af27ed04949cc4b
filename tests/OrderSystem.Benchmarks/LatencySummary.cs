namespace OrderSystem.Benchmarks;

/// <summary>Latency figures in milliseconds.</summary>
sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean);
