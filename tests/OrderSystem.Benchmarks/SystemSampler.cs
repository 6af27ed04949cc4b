using System.Globalization;

namespace OrderSystem.Benchmarks;

/// <summary>
/// Samples, once a second while a phase runs: each service's <c>/metrics</c> for the outbox gauges
/// (<c>ordersystem_outbox_oldest_pending_age_seconds</c>, <c>ordersystem_outbox_pending_messages</c>) and, on Linux,
/// the CPU time of the processes that make up the system. It also keeps each service's latest runtime counters (JIT and
/// process CPU time), so a phase can say how much of it the JIT still took.
/// </summary>
sealed class SystemSampler(HttpClient http, BenchmarkOptions options)
{
    public double MaxOutboxLagSeconds { get; private set; }
    public string MaxOutboxLagService { get; private set; } = "";
    public long MaxOutboxPending { get; private set; }
    public int ScrapeFailures { get; private set; }

    readonly Dictionary<string, RuntimeTotals> _runtime = new(StringComparer.Ordinal);

    /// <summary>The services' runtime counters summed, as of their last scrape.</summary>
    public RuntimeTotals Runtime
    {
        get
        {
            lock (this)
                return _runtime.Values.Aggregate(RuntimeTotals.Zero, (sum, service) => sum + service);
        }
    }

    /// <summary>Samples in which a service's /health/ready was not 200: a database or broker outage (someone else's fault injection, a restart).</summary>
    public int NotReadySamples { get; private set; }

    public void Reset()
    {
        NotReadySamples = 0;
        MaxOutboxLagSeconds = 0;
        MaxOutboxLagService = "";
        MaxOutboxPending = 0;
        ScrapeFailures = 0;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                await ScrapeAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task ScrapeAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(options.Services.Select(async service =>
        {
            try
            {
                using (var ready = await http.GetAsync(new Uri(service.Url, "health/ready"), cancellationToken))
                {
                    if (ready.StatusCode != System.Net.HttpStatusCode.OK)
                    {
                        lock (this)
                            NotReadySamples++;
                    }
                }

                var text = await http.GetStringAsync(new Uri(service.Url, "metrics"), cancellationToken);
                var lag = MaxOf(text, "ordersystem_outbox_oldest_pending_age_seconds");
                var pending = MaxOf(text, "ordersystem_outbox_pending_messages");
                var runtime = new RuntimeTotals(SumOf(text, "dotnet_jit_compilation_time_seconds_total"), SumOf(text, "dotnet_jit_compiled_methods_total"),
                    SumOf(text, "dotnet_process_cpu_time_seconds_total"));
                lock (this)
                {
                    _runtime[service.Service] = runtime;
                    if (lag > MaxOutboxLagSeconds)
                    {
                        MaxOutboxLagSeconds = lag;
                        MaxOutboxLagService = service.Service;
                    }

                    MaxOutboxPending = Math.Max(MaxOutboxPending, (long)pending);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                lock (this)
                    ScrapeFailures++;
            }
        }));
    }

    /// <summary>Largest value of a metric in Prometheus text format (any labels).</summary>
    static double MaxOf(string text, string metric) => Values(text, metric).DefaultIfEmpty(0).Max();

    /// <summary>Sum of a metric's values over all its labels (process CPU time comes per <c>cpu.mode</c>).</summary>
    static double SumOf(string text, string metric) => Values(text, metric).Sum();

    static List<double> Values(string text, string metric)
    {
        var values = new List<double>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not (' ' or '{'))
                continue;
            var valueStart = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : metric.Length;
            var rest = line[valueStart..].Trim();
            var space = rest.IndexOf(' ');
            if (space > 0)
                rest = rest[..space];
            if (double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                values.Add(value);
        }

        return values;
    }
}

/// <summary>
/// Runtime counters of the services, from their <c>/metrics</c>. JIT time is the runtime's own wall-clock measure of
/// compiling, which on an oversubscribed machine includes waiting for a core: its share of CPU time is an upper bound.
/// </summary>
sealed record RuntimeTotals(double JitSeconds, double JitMethods, double CpuSeconds)
{
    public static RuntimeTotals Zero { get; } = new(0, 0, 0);

    public static RuntimeTotals operator +(RuntimeTotals a, RuntimeTotals b) =>
        new(a.JitSeconds + b.JitSeconds, a.JitMethods + b.JitMethods, a.CpuSeconds + b.CpuSeconds);

    public static RuntimeTotals operator -(RuntimeTotals a, RuntimeTotals b) =>
        new(a.JitSeconds - b.JitSeconds, a.JitMethods - b.JitMethods, a.CpuSeconds - b.CpuSeconds);

    /// <summary>JIT time as a percentage of the services' CPU time (NaN when nothing was measured).</summary>
    public double JitSharePercent => CpuSeconds > 0 ? 100 * JitSeconds / CpuSeconds : double.NaN;
}
