using System.Diagnostics;

namespace OrderSystem.FaultInjection.Faults;

/// <summary>
/// Injects a scenario's faults again and again while the load runs: one every period (start to start) in turn, or the
/// seeded chaos schedule, until the stop condition holds after the current fault is lifted. Bounded by a deadline and a
/// cycle cap whatever happens.
/// </summary>
public sealed class FaultLoop(ScenarioContext context, RecoveryProbe probe, Action<string> log)
{
    const int MaxCycles = 100_000;
    static readonly TimeSpan FirstFaultAfter = TimeSpan.FromSeconds(5);
    static readonly TimeSpan LoadAfterLastFault = TimeSpan.FromSeconds(3);

    /// <summary>Probes still measuring (awaited before the report).</summary>
    public List<Task> Probes { get; } = [];

    /// <summary>
    /// Runs until <paramref name="done"/> holds (checked between faults and every 250 ms while waiting) and at least
    /// <see cref="Scenario.MinimumCycles"/> faults were injected, or until <paramref name="deadline"/>.
    /// </summary>
    public async Task Run(Scenario scenario, IReadOnlyList<PlannedFault> plan, Func<bool> done, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var nextStart = FirstFaultAfter;
        var cycles = 0;
        bool Finished() => (cycles >= scenario.MinimumCycles || plan.Count == 0) && done();

        for (var i = 0; i < Math.Min(plan.Count, MaxCycles); i++)
        {
            var planned = plan[i];
            if (scenario.Random)
                nextStart += planned.Pause;
            while (clock.Elapsed < nextStart && !Finished() && clock.Elapsed < deadline)
                await Task.Delay(250);
            if (Finished() || clock.Elapsed >= deadline)
                break;

            var started = clock.Elapsed;
            FaultRecord record;
            try
            {
                record = await FaultInjector.Inject(planned, context);
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException)
            {
                // The system did not come back from this fault (e.g. a restarted service never became ready): a finding
                // for the verdict, not a reason to throw away the rest of the run.
                cycles++;
                context.FailedFaults.Add($"{FaultKinds.Name(planned.Kind)} on {planned.Service}: {exception.Message}");
                log($"fault {cycles} {FaultKinds.Name(planned.Kind)} FAILED: {exception.Message}");
                nextStart = scenario.Random ? clock.Elapsed : started + planned.Pause;
                continue;
            }

            cycles++;
            log($"fault {cycles} {FaultKinds.Name(record.Kind)} on {record.Target} lifted after {(clock.Elapsed - started).TotalSeconds:0.0} s"
                + (record.Effective ? "" : $" (no effect: {record.Detail})"));
            if (record.Effective)
                Probes.Add(probe.Measure(record));
            // In turn: the next start is one period (the plan's pause) after this start; chaos pauses after the lift.
            nextStart = scenario.Random ? clock.Elapsed : started + planned.Pause;
        }

        while (!done() && clock.Elapsed < deadline)
            await Task.Delay(250);

        // The load stops when this returns: let it place a few orders after the last lift for the recovery probe to follow.
        if (cycles > 0)
            await Task.Delay(LoadAfterLastFault);
    }

    /// <summary>
    /// The faults a scenario will inject, in order: its kinds in turn against seeded random services, or for a random
    /// scenario the <see cref="FaultSchedule"/> of <paramref name="kinds"/> with mean pause <paramref name="period"/>.
    /// </summary>
    public static IReadOnlyList<PlannedFault> Plan(Scenario scenario, IReadOnlyCollection<FaultKind> kinds, TimeSpan period, int seed, int count)
    {
        if (scenario.Kinds.Count == 0)
            return [];
        if (scenario.Random)
            return FaultSchedule.Plan(seed, kinds, period, count);
        var targets = FaultSchedule.Plan(seed, scenario.Kinds, period, count);
        return [.. targets.Select(t => t with { Kind = scenario.Kinds[t.Index % scenario.Kinds.Count], Service = scenario.Target ?? t.Service, Pause = period })];
    }
}
