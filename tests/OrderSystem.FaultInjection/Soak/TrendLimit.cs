namespace OrderSystem.FaultInjection.Soak;

/// <summary>
/// The bound a soak series must respect: the least-squares slope of its samples in the second half of the soak, projected
/// over one hour in <see cref="Direction"/>, must stay below max(<see cref="Floor"/>, <see cref="Fraction"/> × the median
/// of those samples).
/// </summary>
/// <param name="Metric">Series name, e.g. "order working set (MiB)".</param>
/// <param name="Floor">Smallest allowed drift per hour, in the series' unit (noise around zero must not fail).</param>
/// <param name="Fraction">Allowed drift per hour relative to the series' median level.</param>
/// <param name="Direction">Growth or decline.</param>
public sealed record TrendLimit(string Metric, double Floor, double Fraction, TrendDirection Direction = TrendDirection.Growth)
{
    /// <summary>The drift per hour allowed for a series whose median is <paramref name="median"/>.</summary>
    public double AllowedPerHour(double median) => Math.Max(Floor, Fraction * Math.Abs(median));
}
