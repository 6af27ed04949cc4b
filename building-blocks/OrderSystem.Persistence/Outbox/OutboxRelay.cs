using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// Delivers outbox messages to the broker. Each pass claims a batch of committed outbox transactions with a
/// skip-locked row lock and reads their messages in the same statement, sends them (in order within a transaction,
/// transactions side by side) waiting for publisher confirms, deletes what was confirmed, and commits. A crash after
/// sending but before the commit sends again: delivery is at-least-once and the consumers' inbox makes it effectively once.
/// </summary>
sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBusControl bus,
    OutboxRelaySignal signal,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    readonly OutboxRelayOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wait until the bus is connected, otherwise the first sends would only time out.
        await WaitForBus(stoppingToken);

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await RelayBatch(stoppingToken);
                failures = 0;
                if (claimed < _options.BatchSize)
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                var delay = RetryDelay(failures);
                LogRelayFailed(exception, failures, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    async Task WaitForBus(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
    }

    /// <summary>
    /// One pass in three round trips: claim transactions and read their messages, delete what the broker confirmed,
    /// commit. Returns how many outbox transactions were claimed.
    /// </summary>
    async Task<int> RelayBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var statements = OutboxStatements.Cached(dbContext);

        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);

        var messages = await dbContext.Set<OutboxMessage>()
            .FromSqlRaw(statements.ClaimMessages, _options.BatchSize, DateTime.UtcNow)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        // Transactions are independent of each other; within one, messages keep their order.
        var transactions = messages.GroupBy(m => m.OutboxId).ToList();
        var results = await Task.WhenAll(transactions.Select(group => DeliverInOrder(group.Key, group.ToList(), cancellationToken)));

        var delivered = results.Where(r => r.Delivered).Select(r => r.OutboxId).ToList();
        if (delivered.Count > 0)
            await dbContext.Database.ExecuteSqlRawAsync(statements.DeleteTransactions, [statements.IdsParameter(delivered)], cancellationToken);

        // A transaction that failed waits longer each time, so one undeliverable message never slows the others down.
        var failed = results.Where(r => !r.Delivered).ToList();
        if (failed.Count > 0)
        {
            var failedIds = failed.Select(f => f.OutboxId).ToList();
            var rows = await dbContext.Set<OutboxTransaction>().Where(t => failedIds.Contains(t.OutboxId)).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var error = failed.First(f => f.OutboxId == row.OutboxId).Exception!;
                row.Attempts++;
                row.AvailableAt = DateTime.UtcNow + RetryDelay(row.Attempts);
                var reason = $"{error.GetType().Name}: {error.Message}";
                row.LastError = reason.Length > 1000 ? reason[..1000] : reason;
            }

            await dbContext.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        if (failed.Count > 0)
            LogDeliveryFailed(failed[0].Exception!, failed.Count);

        return transactions.Count;
    }

    TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(_options.MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempts, 16))));

    async Task<(Guid OutboxId, bool Delivered, Exception? Exception)> DeliverInOrder(Guid outboxId, List<OutboxMessage> messages,
        CancellationToken cancellationToken)
    {
        try
        {
            foreach (var message in messages)
                await Deliver(message, cancellationToken);

            return (outboxId, true, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return (outboxId, false, exception);
        }
    }

    async Task Deliver(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.DestinationAddress is null)
            throw new InvalidOperationException($"Outbox message {message.MessageId} has no destination address.");

        // Continue the trace of the request or consumer that published the message, although it ended long ago.
        ActivityContext.TryParse(message.TraceParent, message.TraceState, isRemote: true, out var parent);
        using var activity = OutboxTelemetry.Source.StartActivity("outbox relay", ActivityKind.Producer, parent);
        OutboxRelayTracing.Enrich(activity, message);

        var started = Stopwatch.GetTimestamp();
        try
        {
            var endpoint = await bus.GetSendEndpoint(message.DestinationAddress);
            await endpoint.Send(new SerializedMessageBody(), new RelaySendPipe(message, message.DestinationAddress), cancellationToken);
            OutboxTelemetry.Delivered.Add(1);
            OutboxTelemetry.Lag.Record((DateTime.UtcNow - message.SentTime).TotalSeconds);
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
        finally
        {
            OutboxTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} outbox transaction(s) could not be delivered; they will be retried with back-off")]
    partial void LogDeliveryFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay pass failed ({Failures} in a row); retrying in {DelayMs} ms")]
    partial void LogRelayFailed(Exception exception, int failures, double delayMs);
}

/// <summary>Activity source and instruments of the outbox relay.</summary>
public static class OutboxTelemetry
{
    /// <summary>Name of the activity source and meter.</summary>
    public const string Name = "OrderSystem.Outbox";

    /// <summary>Spans of relayed messages, parented by the publisher's stored trace context.</summary>
    public static readonly ActivitySource Source = new(Name);

    static readonly Meter Meter = new(Name);

    /// <summary>Messages confirmed by the broker.</summary>
    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("ordersystem.outbox.delivered", "{message}",
        "Outbox messages confirmed by the broker");

    /// <summary>Time to publish one message and receive the broker's confirm.</summary>
    public static readonly Histogram<double> PublishDuration = Meter.CreateHistogram<double>("ordersystem.outbox.relay.publish_duration", "s",
        "Time to publish one outbox message and receive the broker confirm");

    /// <summary>Time from commit to broker confirm: what the outbox adds to a message's journey.</summary>
    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("ordersystem.outbox.lag", "s",
        "Time from writing an outbox message to its broker confirm");

    /// <summary>Latest reading of the outbox backlog, written by <see cref="OutboxMonitor{TDbContext}"/>.</summary>
    internal static (long Pending, double OldestAgeSeconds) Backlog;

    /// <summary>Messages waiting in the outbox (scheduled ones included).</summary>
    public static readonly ObservableGauge<long> Pending = Meter.CreateObservableGauge("ordersystem.outbox.pending_messages",
        () => Backlog.Pending, "{message}", "Messages waiting in the outbox");

    /// <summary>Age of the oldest message that is due but not yet delivered: the relay's lag.</summary>
    public static readonly ObservableGauge<double> OldestPendingAge = Meter.CreateObservableGauge("ordersystem.outbox.oldest_pending_age",
        () => Backlog.OldestAgeSeconds, "s", "Age of the oldest due, undelivered outbox message");
}
