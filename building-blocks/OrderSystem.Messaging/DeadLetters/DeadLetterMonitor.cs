using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderSystem.Messaging.Hosting;

namespace OrderSystem.Messaging.DeadLetters;

/// <summary>
/// Polls the depth of every dead-letter queue of the service and publishes it as the observable gauge
/// <c>ordersystem.dead_letter_queue.depth</c> (tag <c>queue</c>) on meter <c>OrderSystem.Messaging</c>.
/// The gauge's callback cannot wait on the broker, so it reports the last poll.
/// </summary>
sealed class DeadLetterMonitor : PeriodicWork
{
    readonly DeadLetterBrowser _browser;
    readonly DeadLetterOptions _options;
    readonly ConcurrentDictionary<string, long> _depths = new(StringComparer.Ordinal);

    public DeadLetterMonitor(DeadLetterBrowser browser, IOptions<DeadLetterOptions> options, MessagingMetrics metrics, ILogger<DeadLetterMonitor> logger)
        : base(logger)
    {
        _browser = browser;
        _options = options.Value;
        metrics.Meter.CreateObservableGauge(MessagingMetrics.DepthInstrument, Observe, "{message}",
            "Messages waiting in the service's dead-letter queues");
    }

    IEnumerable<Measurement<long>> Observe() =>
        _depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key)));

    /// <summary>Queries the broker now and updates the gauge.</summary>
    public async Task<IReadOnlyList<DeadLetterQueueDepth>> RefreshAsync(CancellationToken cancellationToken)
    {
        var depths = await _browser.GetDepthsAsync(cancellationToken);
        foreach (var depth in depths)
            _depths[depth.DeadLetterQueue] = depth.Depth;
        return depths;
    }

    protected override TimeSpan Interval => _options.PollInterval;

    protected override string FailureMessage => "Could not read the dead-letter queue depths; the gauge keeps the last values.";

    protected override LogLevel FailureLevel => LogLevel.Debug;

    protected override Task RunOnceAsync(CancellationToken stoppingToken) => RefreshAsync(stoppingToken);
}
