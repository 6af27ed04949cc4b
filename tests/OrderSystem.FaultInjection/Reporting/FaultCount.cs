namespace OrderSystem.FaultInjection.Reporting;

/// <summary>How often one kind of fault was injected in a scenario, and how the system recovered from it.</summary>
/// <param name="Kind">Command-line name of the fault.</param>
/// <param name="Injected">Times injected.</param>
/// <param name="Effective">Times it took effect (a targeted cut needs a request to pass).</param>
/// <param name="WorstRecoverySeconds">Longest recovery measured (null: none measured).</param>
/// <param name="RecoveryTimeouts">Faults after which no order became final within the probe's deadline.</param>
public sealed record FaultCount(string Kind, int Injected, int Effective, double? WorstRecoverySeconds, int RecoveryTimeouts);
