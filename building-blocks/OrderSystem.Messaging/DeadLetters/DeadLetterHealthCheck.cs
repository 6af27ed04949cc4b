using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderSystem.Messaging.DeadLetters;

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
