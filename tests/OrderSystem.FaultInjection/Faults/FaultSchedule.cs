namespace OrderSystem.FaultInjection.Faults;

/// <summary>
/// The seeded random sequence of faults of the <c>chaos</c> and <c>soak</c> scenarios: the same seed, kinds and mean pause
/// give the same sequence, so a failing run is replayed with <c>--seed</c>. Pure: no clock, no I/O.
/// </summary>
public static class FaultSchedule
{
    /// <summary>
    /// The first <paramref name="count"/> faults for <paramref name="seed"/>, drawn uniformly from <paramref name="kinds"/>
    /// (in their declaration order, so the command-line order does not matter), each against a uniformly drawn service,
    /// with pauses uniform in [mean/2, 3·mean/2].
    /// </summary>
    public static IReadOnlyList<PlannedFault> Plan(int seed, IReadOnlyCollection<FaultKind> kinds, TimeSpan meanPause, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (kinds.Count == 0)
            throw new ArgumentException("At least one fault kind is needed.", nameof(kinds));
        var ordered = kinds.Distinct().Order().ToArray();
        var random = new Random(seed);
        var plan = new List<PlannedFault>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = ordered[random.Next(ordered.Length)];
            var service = ServiceHost.Services[random.Next(ServiceHost.Services.Length)];
            var pause = TimeSpan.FromMilliseconds(meanPause.TotalMilliseconds * (0.5 + random.NextDouble()));
            plan.Add(new PlannedFault(i, kind, service, pause));
        }

        return plan;
    }
}
