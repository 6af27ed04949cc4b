namespace OrderSystem.FaultInjection.Soak;

/// <summary>Least-squares trends of soak series. Pure.</summary>
public static class Trend
{
    /// <summary>Least-squares slope dy/dx of <paramref name="points"/>; null with fewer than three points or no spread in x.</summary>
    public static double? Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 3)
            return null;
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        if (sxx == 0)
            return null;
        return points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
    }

    /// <summary>
    /// Judges a series of (seconds since start, value) samples against <paramref name="limit"/>: only samples in the second
    /// half of the time span count, so the warm-up (caches, JIT, the inbox filling up to its retention) is not held against it,
    /// and none taken during a <paramref name="disturbed"/> stretch (a PostgreSQL stop near the end would otherwise set the
    /// slope of the whole half).
    /// </summary>
    public static TrendVerdict Judge(TrendLimit limit, IReadOnlyList<(double Seconds, double Value)> series, IReadOnlyCollection<Disturbance>? disturbed = null)
    {
        if (series.Count == 0)
            return new TrendVerdict(limit.Metric, 0, 0, null, limit.Floor, true);
        var middle = (series.Min(p => p.Seconds) + series.Max(p => p.Seconds)) / 2;
        var secondHalf = series.Where(p => p.Seconds >= middle).ToList();
        var lastHalf = secondHalf.Where(p => disturbed?.Any(d => d.Covers(p.Seconds)) != true).ToList();
        if (lastHalf.Count == 0)
            return new TrendVerdict(limit.Metric, 0, 0, null, limit.Floor, true, secondHalf.Count);
        var sorted = lastHalf.Select(p => p.Value).Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        var slope = Slope(lastHalf) * 3600;
        var allowed = limit.AllowedPerHour(median);
        var drift = limit.Direction == TrendDirection.Growth ? slope : -slope;
        return new TrendVerdict(limit.Metric, lastHalf.Count, median, slope, allowed, drift is null || drift <= allowed, secondHalf.Count - lastHalf.Count);
    }
}
