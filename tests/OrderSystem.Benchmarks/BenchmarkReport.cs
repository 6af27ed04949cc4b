namespace OrderSystem.Benchmarks;

/// <summary>The whole report, written as JSON and Markdown.</summary>
sealed record BenchmarkReport(
    DateTimeOffset StartedAt,
    string Label,
    string Sku,
    MachineInfo Machine,
    PhaseResult? Closed,
    PhaseResult? Open,
    BaselineResult? Baseline,
    double? SystemToRawRatio,
    PostgresBaselineResult? PostgresBaseline,
    MeasuredLimit? Limit,
    string Command,
    string Warmup = "");
