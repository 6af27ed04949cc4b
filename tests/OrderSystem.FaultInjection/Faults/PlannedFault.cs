namespace OrderSystem.FaultInjection.Faults;

/// <summary>One step of a chaos schedule.</summary>
/// <param name="Index">Position in the schedule (0-based).</param>
/// <param name="Kind">What to inject.</param>
/// <param name="Service">Which service a targeted fault hits (order, inventory, payment, notification).</param>
/// <param name="Pause">How long to wait after the previous fault finished before injecting this one.</param>
public sealed record PlannedFault(int Index, FaultKind Kind, string Service, TimeSpan Pause);
