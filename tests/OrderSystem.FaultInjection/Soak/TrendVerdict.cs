namespace OrderSystem.FaultInjection.Soak;

/// <summary>The judgement of one soak series.</summary>
/// <param name="Metric">Series name.</param>
/// <param name="Samples">Samples in the second half outside any fault (the ones judged).</param>
/// <param name="Median">Their median.</param>
/// <param name="SlopePerHour">Least-squares slope, per hour (null: fewer than three samples).</param>
/// <param name="AllowedPerHour">The bound.</param>
/// <param name="Passed">Within the bound (true also when there were too few samples to judge: see <paramref name="SlopePerHour"/>).</param>
/// <param name="Excluded">Samples in the second half left out because a fault was in force or recovering.</param>
public sealed record TrendVerdict(string Metric, int Samples, double Median, double? SlopePerHour, double AllowedPerHour, bool Passed, int Excluded = 0);
