namespace OrderSystem.Benchmarks;

/// <summary>Where and when the run happened.</summary>
sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Runtime, string LoadBefore, string LoadAfter, string Commit);
