using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrderSystem.Benchmarks;

/// <summary>
/// Reads the vhost's cumulative <c>message_stats.publish</c> counter. The broker aggregates channel statistics every
/// <c>collect_statistics_interval</c> (5 s by default), so <see cref="SettleAsync"/> waits until the counter stopped moving
/// for longer than that and every consumer queue (dead-letter queues aside) is empty before a reading is used.
/// </summary>
sealed class BrokerStats(HttpClient http, BenchmarkOptions options)
{
    public static HttpClient CreateClient(BenchmarkOptions options)
    {
        var client = new HttpClient { BaseAddress = options.ManagementUrl, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")));
        return client;
    }

    public async Task<VhostCounters> ReadAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/vhosts/{Uri.EscapeDataString(options.VirtualHost)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        var root = document.RootElement;
        long Stat(string name) =>
            root.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
        return new VhostCounters(Stat("publish"), Stat("confirm"), Stat("deliver_get"), await QueuedOutsideDeadLetterQueues(cancellationToken));
    }

    // Dead letters left by earlier runs or tests never drain by themselves: waiting for them to reach 0 only burns the
    // 120 s deadline, so the settle condition counts the consumer queues alone.
    async Task<long> QueuedOutsideDeadLetterQueues(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(options.VirtualHost)}?columns=name,messages", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return document.RootElement.EnumerateArray()
            .Where(queue => !queue.GetProperty("name").GetString()!.EndsWith(".dlq", StringComparison.Ordinal))
            .Sum(queue => queue.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0);
    }

    /// <summary>Waits until the publish counter has been still for <c>StatsSettle</c> and no message is queued; returns that reading.</summary>
    public async Task<VhostCounters> SettleAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var last = await ReadAsync(cancellationToken);
        var stillSince = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            var current = await ReadAsync(cancellationToken);
            if (current.Published != last.Published || current.QueuedMessages != 0)
                stillSince.Restart();
            last = current;
            progress?.Invoke($"waiting for broker statistics to settle ({stillSince.Elapsed.TotalSeconds:0}/{options.StatsSettle.TotalSeconds:0} s still, {current.QueuedMessages} queued)");
            if (stillSince.Elapsed >= options.StatsSettle)
                return current;
        }

        return last;
    }
}
