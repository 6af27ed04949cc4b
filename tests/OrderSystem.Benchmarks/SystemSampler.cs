using System.Globalization;

namespace OrderSystem.Benchmarks;

/// <summary>
/// Samples, once a second while a phase runs: each service's <c>/metrics</c> for the outbox gauges
/// (<c>ordersystem_outbox_oldest_pending_age_seconds</c>, <c>ordersystem_outbox_pending_messages</c>) and, on Linux,
/// the CPU time of the processes that make up the system.
/// </summary>
sealed class SystemSampler(HttpClient http, BenchmarkOptions options)
{
    public double MaxOutboxLagSeconds { get; private set; }
    public string MaxOutboxLagService { get; private set; } = "";
    public long MaxOutboxPending { get; private set; }
    public int ScrapeFailures { get; private set; }

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
                lock (this)
                {
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
    static double MaxOf(string text, string metric)
    {
        var max = 0.0;
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
                max = Math.Max(max, value);
        }

        return max;
    }
}
