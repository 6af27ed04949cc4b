namespace OrderSystem.Benchmarks;

sealed class Probe
{
    readonly BenchmarkOptions _options;
    readonly SystemSampler _sampler;
    readonly Dictionary<string, double> _cpu;
    readonly (long Busy, long Total) _machine;
    readonly RuntimeTotals _runtime;

    Probe(BenchmarkOptions options, SystemSampler sampler)
    {
        _options = options;
        _sampler = sampler;
        _sampler.Reset();
        _cpu = ProcessCpu.Read(options);
        _machine = ProcessCpu.Machine();
        _runtime = sampler.Runtime;
    }

    public static Probe Start(BenchmarkOptions options, SystemSampler sampler) => new(options, sampler);

    public ProbeResult Stop()
    {
        var cpu = ProcessCpu.Read(_options);
        var machine = ProcessCpu.Machine();
        var used = cpu.ToDictionary(kv => kv.Key, kv => Math.Max(0, kv.Value - _cpu.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);
        var total = machine.Total - _machine.Total;
        var busy = total > 0 ? 100.0 * (machine.Busy - _machine.Busy) / total : double.NaN;
        return new ProbeResult(used, Math.Round(busy, 1), _sampler.MaxOutboxLagSeconds, _sampler.MaxOutboxLagService, _sampler.MaxOutboxPending,
            _sampler.NotReadySamples, _sampler.Runtime - _runtime);
    }
}
