using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Polls the depth of every dead-letter queue of the service and publishes it as the observable gauge
/// <c>ordersystem.dead_letter_queue.depth</c> (tag <c>queue</c>) on meter <c>OrderSystem.Messaging</c>.
/// The gauge's callback cannot wait on the broker, so it reports the last poll.
/// </summary>
sealed class DeadLetterMonitor : BackgroundService
{
    readonly DeadLetterStore _store;
    readonly DeadLetterOptions _options;
    readonly ILogger<DeadLetterMonitor> _logger;
    readonly ConcurrentDictionary<string, long> _depths = new(StringComparer.Ordinal);

    public DeadLetterMonitor(DeadLetterStore store, IOptions<DeadLetterOptions> options, MessagingMetrics metrics, ILogger<DeadLetterMonitor> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        metrics.Meter.CreateObservableGauge(MessagingMetrics.DepthInstrument, Observe, "{message}",
            "Messages waiting in the service's dead-letter queues");
    }

    IEnumerable<Measurement<long>> Observe() =>
        _depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key)));

    /// <summary>Queries the broker now and updates the gauge.</summary>
    public async Task<IReadOnlyList<DeadLetterQueueDepth>> RefreshAsync(CancellationToken cancellationToken)
    {
        var depths = await _store.GetDepthsAsync(cancellationToken);
        foreach (var depth in depths)
            _depths[depth.DeadLetterQueue] = depth.Depth;
        return depths;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogDebug(exception, "Could not read the dead-letter queue depths; the gauge keeps the last values.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

/// <summary>
/// Degraded while any of the service's dead-letter queues holds a message (someone should look), Healthy when all are
/// empty, Unhealthy only when the broker cannot be asked. Registered with tag <c>ready</c>; Degraded still answers 200.
/// </summary>
sealed class DeadLetterHealthCheck(DeadLetterMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var depths = await monitor.RefreshAsync(timeout.Token);
            var data = depths.ToDictionary(d => d.DeadLetterQueue, d => (object)d.Depth);
            var waiting = depths.Where(d => d.Depth > 0).ToList();
            return waiting.Count == 0
                ? HealthCheckResult.Healthy("No dead letters.", data)
                : HealthCheckResult.Degraded(
                    $"{waiting.Sum(d => d.Depth)} dead letter(s) waiting in {string.Join(", ", waiting.Select(d => d.DeadLetterQueue))}; see /admin/dead-letters.",
                    data: data);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The dead-letter queues cannot be queried on the broker.", exception);
        }
    }
}
