using System.Diagnostics;
using MassTransit;
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
/// A publish waits at most <see cref="OutboxRelayOptions.PublishTimeout"/> for its confirm; one that times out fails its
/// transaction like any send error, which a later pass publishes again through the bus's current channel.
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
                var fullBatch = await RelayBatch(stoppingToken);
                failures = 0;
                if (!fullBatch)
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
    /// commit. Returns whether the pass claimed as many outbox transactions as it could (so more are probably waiting).
    /// </summary>
    async Task<bool> RelayBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var statements = OutboxStatements.Cached(dbContext);

        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);

        // Capped per engine: the delete of a pass's messages must stay below SQL Server's lock escalation threshold.
        var limit = Math.Min(_options.BatchSize, statements.MaxTransactionsPerPass);
        var messages = await dbContext.Set<OutboxMessage>()
            .FromSqlRaw(statements.ClaimMessages, limit, DateTime.UtcNow)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return false;
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

        return transactions.Count >= limit;
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
        using var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishTimeout.CancelAfter(_options.PublishTimeout);
        try
        {
            var endpoint = await bus.GetSendEndpoint(message.DestinationAddress);
            await endpoint.Send(new SerializedMessageBody(), new RelaySendPipe(message, message.DestinationAddress), publishTimeout.Token);
            OutboxTelemetry.Delivered.Add(1);
            OutboxTelemetry.Lag.Record((DateTime.UtcNow - message.SentTime).TotalSeconds);
        }
        catch (OperationCanceledException canceled) when (!cancellationToken.IsCancellationRequested)
        {
            // The broker may have the message: the transaction is published again later, the consumers' inbox drops a copy.
            LogPublishTimedOut(message.MessageId, message.DestinationAddress, _options.PublishTimeout.TotalSeconds);
            throw Failed(activity, new TimeoutException(
                $"Outbox message {message.MessageId} was not confirmed by the broker within {_options.PublishTimeout.TotalSeconds} s.", canceled));
        }
        catch (Exception exception)
        {
            Failed(activity, exception);
            throw;
        }
        finally
        {
            OutboxTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    static Exception Failed(Activity? activity, Exception exception)
    {
        activity?.AddException(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        return exception;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} to {Destination} was not confirmed within {TimeoutSeconds} s; its transaction will be published again")]
    partial void LogPublishTimedOut(Guid messageId, Uri destination, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} outbox transaction(s) could not be delivered; they will be retried with back-off")]
    partial void LogDeliveryFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay pass failed ({Failures} in a row); retrying in {DelayMs} ms")]
    partial void LogRelayFailed(Exception exception, int failures, double delayMs);
}
