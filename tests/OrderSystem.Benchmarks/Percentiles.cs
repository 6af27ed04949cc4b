namespace OrderSystem.Benchmarks;

/// <summary>Percentiles of a sorted sample (nearest rank).</summary>
static class Percentiles
{
    public static double Of(double[] sorted, double quantile)
    {
        if (sorted.Length == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static LatencySummary Summarise(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Of(sorted, 0.50), Of(sorted, 0.95), Of(sorted, 0.99),
            sorted.Length == 0 ? double.NaN : sorted[^1], sorted.Length == 0 ? double.NaN : sorted.Average());
    }
}
