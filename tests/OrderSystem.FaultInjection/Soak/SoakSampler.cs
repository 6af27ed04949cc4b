using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderSystem.FaultInjection.Soak;

/// <summary>
/// Samples the soak every <see cref="Interval"/>: throughput, p99 latency, each service's working set, outbox/inbox rows
/// and queue depths; judges the series at the end (<see cref="Limits"/>).
/// </summary>
public sealed class SoakSampler(HttpClient http, ServiceHost host, Infrastructure infrastructure, ServiceDatabases databases, AcceptedOrders accepted)
{
    /// <summary>Time between samples.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    const int LatencySampleSize = 40;
    static readonly TimeSpan LatencyAge = TimeSpan.FromSeconds(30);

    /// <summary>How long after a fault's recovery its samples are still left out: a sample's p99 is that of orders placed 30-40 s before it.</summary>
    public static readonly TimeSpan AfterRecovery = LatencyAge + Interval;

    /// <summary>The bounds of issue 16's soak, one per kind of series (each service's series is judged on its own).</summary>
    public static readonly IReadOnlyDictionary<string, TrendLimit> Limits = new Dictionary<string, TrendLimit>
    {
        ["orders/s"] = new("orders/s", Floor: 1, Fraction: 0.10, TrendDirection.Decline),
        ["p99 latency (ms)"] = new("p99 latency (ms)", Floor: 1000, Fraction: 0.25),
        ["working set (MiB)"] = new("working set (MiB)", Floor: 64, Fraction: 0.25),
        ["outbox rows"] = new("outbox rows", Floor: 100, Fraction: 0.25),
        ["inbox rows"] = new("inbox rows", Floor: 1000, Fraction: 0.25),
        ["queued messages"] = new("queued messages", Floor: 100, Fraction: 0.25),
    };

    DateTime startedAt;

    /// <summary>The samples so far.</summary>
    public List<SoakSample> Samples { get; } = [];

    /// <summary>Samples every <see cref="Interval"/> until <paramref name="stop"/> is cancelled.</summary>
    public async Task Run(DateTime startedAt, Action<string> log, CancellationToken stop)
    {
        this.startedAt = startedAt;
        var previous = startedAt;
        // A timer rather than a delay: the samples stay 10 s apart however long reading them takes.
        using var timer = new PeriodicTimer(Interval);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = DateTime.UtcNow;
            var sample = new SoakSample
            {
                Seconds = (now - startedAt).TotalSeconds,
                OrdersPerSecond = accepted.Between(previous, now).Count / (now - previous).TotalSeconds,
            };
            previous = now;
            await MeasureLatency(sample, now);
            foreach (var service in ServiceHost.Services)
            {
                sample.WorkingSetMiB[service] = host.Of(service) is [{ Pid: > 0 } instance, ..] ? WorkingSetMiB(instance.Pid) : null;
                sample.Tables[service] = await databases.Read(service);
            }

            if (await infrastructure.QueueDepths() is { } depths)
            {
                sample.QueuedMessages = depths.Where(d => !d.Key.EndsWith(".dlq", StringComparison.Ordinal)).Sum(d => d.Value);
                sample.DeadLetters = depths.Where(d => d.Key.EndsWith(".dlq", StringComparison.Ordinal)).Sum(d => d.Value);
            }

            lock (Samples)
                Samples.Add(sample);
            log(string.Create(CultureInfo.InvariantCulture,
                $"sample {sample.Seconds:0} s: {sample.OrdersPerSecond:0.0} orders/s, p99 {sample.P99LatencyMs?.ToString("0", CultureInfo.InvariantCulture) ?? "-"} ms, "
                + $"RSS {string.Join("/", sample.WorkingSetMiB.Values.Select(v => v?.ToString("0", CultureInfo.InvariantCulture) ?? "-"))} MiB, "
                + $"outbox {sample.Tables.Values.Sum(t => t?.OutboxMessages ?? 0)}, inbox {sample.Tables.Values.Sum(t => t?.InboxMessages ?? 0)}, queued {sample.QueuedMessages?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        }
    }

    async Task MeasureLatency(SoakSample sample, DateTime now)
    {
        var candidates = accepted.Between(now - LatencyAge - Interval, now - LatencyAge).Where(Faults.RecoveryProbe.FinishesAtOnce).ToList();
        var step = Math.Max(1, candidates.Count / LatencySampleSize);
        var latencies = new List<double>();
        foreach (var order in candidates.Where((_, i) => i % step == 0).Take(LatencySampleSize))
        {
            try
            {
                var got = await http.GetFromJsonAsync<JsonElement>(new Uri(host.Of("order")[0].BaseAddress, $"orders/{order.OrderId}"));
                var placedAt = got.GetProperty("placedAt").GetDateTimeOffset();
                var final = got.GetProperty("status").GetString() is "Confirmed" or "Cancelled";
                // Not final yet: count its age so far, which is a lower bound on its latency.
                var end = final ? got.GetProperty("history").EnumerateArray().Max(h => h.GetProperty("at").GetDateTimeOffset()) : DateTimeOffset.UtcNow;
                latencies.Add((end - placedAt).TotalMilliseconds);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
            {
                // the order service is down for a moment (a fault): fewer samples this time
            }
        }

        sample.LatencySamples = latencies.Count;
        sample.P99LatencyMs = latencies.Count == 0 ? null : Percentile(latencies, 0.99);
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(quantile * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    static double? WorkingSetMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kilobytes is null ? null : double.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where <paramref name="faults"/> disturbed the samples: from injection until the system had recovered (the probe's
    /// recovery after the lift; a fault that never recovered, to the end), plus the latency window's age and one interval,
    /// because a sample's p99 is that of orders placed 30-40 s before it.
    /// </summary>
    public List<Disturbance> Disturbances(IEnumerable<Faults.FaultRecord> faults) =>
        [.. faults.Where(f => f.Detail != "whole run").Select(f => new Disturbance(
            (f.StartedAt - startedAt).TotalSeconds,
            f.RecoveryTimedOut || f.LiftedAt is null
                ? double.MaxValue
                : ((f.LiftedAt.Value + (f.Recovery ?? TimeSpan.Zero)) - startedAt + AfterRecovery).TotalSeconds))];

    /// <summary>Every series judged against its limit, leaving out the samples <paramref name="faults"/> disturbed.</summary>
    public List<TrendVerdict> Judge(IEnumerable<Faults.FaultRecord> faults)
    {
        var disturbed = Disturbances(faults);
        List<SoakSample> samples;
        lock (Samples)
            samples = [.. Samples];
        List<(double, double)> Series(Func<SoakSample, double?> value) =>
            [.. samples.Where(s => value(s) is not null).Select(s => (s.Seconds, value(s)!.Value))];
        var verdicts = new List<TrendVerdict>
        {
            Trend.Judge(Limits["orders/s"], Series(s => s.OrdersPerSecond), disturbed),
            Trend.Judge(Limits["p99 latency (ms)"], Series(s => s.P99LatencyMs), disturbed),
            Trend.Judge(Limits["queued messages"], Series(s => s.QueuedMessages), disturbed),
        };
        foreach (var service in ServiceHost.Services)
        {
            verdicts.Add(Trend.Judge(Limits["working set (MiB)"] with { Metric = $"{service} working set (MiB)" }, Series(s => s.WorkingSetMiB.GetValueOrDefault(service)), disturbed));
            verdicts.Add(Trend.Judge(Limits["outbox rows"] with { Metric = $"{service} outbox rows" },
                Series(s => s.Tables.GetValueOrDefault(service) is { } t ? t.OutboxMessages + t.OutboxTransactions : null), disturbed));
            verdicts.Add(Trend.Judge(Limits["inbox rows"] with { Metric = $"{service} inbox rows" }, Series(s => s.Tables.GetValueOrDefault(service)?.InboxMessages), disturbed));
        }

        return verdicts;
    }
}
