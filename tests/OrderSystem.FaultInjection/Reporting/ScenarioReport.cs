using OrderSystem.FaultInjection.Faults;
using OrderSystem.FaultInjection.Soak;

namespace OrderSystem.FaultInjection.Reporting;

/// <summary>Everything the report says about one scenario.</summary>
public sealed class ScenarioReport
{
    /// <summary>Scenario name.</summary>
    public required string Name { get; init; }

    /// <summary>What it injects.</summary>
    public required string Title { get; init; }

    /// <summary>Seed of its fault schedule (targets, and for chaos/soak the kinds and pauses).</summary>
    public required int Seed { get; init; }

    /// <summary>Every invariant held (and, for the soak, every trend stayed within its bound).</summary>
    public bool Passed { get; set; }

    /// <summary>Orders the load started.</summary>
    public int OrdersSent { get; set; }

    /// <summary>Orders answered 202.</summary>
    public int OrdersAccepted { get; set; }

    /// <summary>Orders per second actually placed.</summary>
    public double Rate { get; set; }

    /// <summary>Load + settle, seconds.</summary>
    public double DurationSeconds { get; set; }

    /// <summary>Faults by kind.</summary>
    public List<FaultCount> Faults { get; } = [];

    /// <summary>Every fault injected, in order, with its times (what a failure is read against, and how a soak's samples were judged).</summary>
    public List<FaultRecord> FaultLog { get; } = [];

    /// <summary>Longest recovery after any fault, seconds (null: none measured).</summary>
    public double? WorstRecoverySeconds => Faults.Max(f => f.WorstRecoverySeconds);

    /// <summary>The invariants after settling.</summary>
    public List<InvariantRow> Invariants { get; } = [];

    /// <summary>The soak's trend verdicts (empty for other scenarios).</summary>
    public List<TrendVerdict> Trends { get; } = [];

    /// <summary>The soak's samples (empty for other scenarios).</summary>
    public List<SoakSample> Samples { get; } = [];
}
