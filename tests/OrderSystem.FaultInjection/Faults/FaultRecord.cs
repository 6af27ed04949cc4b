namespace OrderSystem.FaultInjection.Faults;

/// <summary>One injected fault: when it started, when it was lifted, and how long the system took to serve again.</summary>
public sealed class FaultRecord(FaultKind kind, string target, DateTime startedAt)
{
    /// <summary>What was injected.</summary>
    public FaultKind Kind { get; } = kind;

    /// <summary>Which service, proxy or server it hit.</summary>
    public string Target { get; } = target;

    /// <summary>Injection time (UTC).</summary>
    public DateTime StartedAt { get; } = startedAt;

    /// <summary>When the fault was lifted (server started again, process restarted, proxy healed), UTC.</summary>
    public DateTime? LiftedAt { get; set; }

    /// <summary>False when the fault could not take effect (e.g. no publish came through the proxy before the timeout).</summary>
    public bool Effective { get; set; } = true;

    /// <summary>From <see cref="LiftedAt"/> until the first order accepted after it reached its final state; null: not measured.</summary>
    public TimeSpan? Recovery { get; set; }

    /// <summary>True when no order accepted after the lift became final within the probe's deadline.</summary>
    public bool RecoveryTimedOut { get; set; }

    /// <summary>Free text (e.g. "3 connections reset").</summary>
    public string Detail { get; set; } = "";
}
