using MassTransit;
using MassTransit.RetryPolicies;
using Microsoft.Extensions.Logging;

namespace OrderSystem.Messaging.Retry;

/// <summary>
/// The retry policy of every consumer endpoint, with two budgets kept apart:
/// <list type="bullet">
/// <item>an ordinary failure (a bug, a conflict, bad data) uses the configured intervals, then the message is dead-lettered;</item>
/// <item>a transient infrastructure failure (<see cref="TransientFailures"/>) is retried without limit with capped
/// exponential backoff, and does not use up the ordinary budget: an outage is not a poison message.</item>
/// </list>
/// Exceptions the endpoint ignores (permanent, validation, deserialization) are not retried at all.
/// While a message waits it stays unacknowledged in its queue, so a crash or shutdown returns it to the broker.
/// </summary>
sealed class ConsumerRetryPolicy(IExceptionFilter filter, RetryOptions options, TransientFailures transient, ILogger logger) : IRetryPolicy
{
    readonly TimeSpan[] _intervals = options.Intervals;
    readonly TimeSpan _outageInitial = TimeSpan.FromMilliseconds(options.OutageInitialDelayMs);
    readonly TimeSpan _outageMax = TimeSpan.FromMilliseconds(Math.Max(options.OutageMaxDelayMs, options.OutageInitialDelayMs));

    public void Probe(ProbeContext context) => context.Set(new
    {
        Policy = "OrderSystem",
        Intervals = _intervals,
        OutageInitialDelay = _outageInitial,
        OutageMaxDelay = _outageMax,
    });

    public RetryPolicyContext<T> CreatePolicyContext<T>(T context)
        where T : class, PipeContext => new PolicyContext<T>(this, context);

    public bool IsHandled(Exception exception) => filter.Match(exception);

    /// <summary>Decides whether the failure <paramref name="attempts"/> may be retried and with which wait.</summary>
    bool Decide<T>(T context, Exception exception, int attempts, ref int ordinaryUsed, ref int outageUsed, out TimeSpan delay)
        where T : class, PipeContext
    {
        delay = TimeSpan.Zero;
        RecordAttempts(context, attempts);
        if (!filter.Match(exception))
            return false;

        if (transient.IsTransient(exception))
        {
            var backoff = _outageInitial.TotalMilliseconds * Math.Pow(2, Math.Min(outageUsed, 20));
            var capped = Math.Min(backoff, _outageMax.TotalMilliseconds);
            // Jitter keeps many waiting consumers (and replicas) from hitting the recovering database at the same instant.
            delay = TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
            outageUsed++;
            LogOutage(context, exception, outageUsed, delay);
            return true;
        }

        if (ordinaryUsed >= _intervals.Length)
            return false;
        delay = _intervals[ordinaryUsed];
        ordinaryUsed++;
        return true;
    }

    void LogOutage<T>(T context, Exception exception, int outageRetry, TimeSpan delay)
        where T : class, PipeContext
    {
        var messageId = (context as ConsumeContext)?.MessageId;
        var level = outageRetry == 1 || outageRetry % 10 == 0 ? LogLevel.Warning : LogLevel.Debug;
        logger.Log(level, exception,
            "Transient infrastructure failure while consuming message {MessageId}; it stays in its queue and is retried in {Delay} (outage retry {OutageRetry}): {Error}",
            messageId, delay, outageRetry, exception.GetBaseException().Message);
    }

    static void RecordAttempts<T>(T context, int attempts)
        where T : class, PipeContext
    {
        if (context is ConsumeContext consume)
            consume.ReceiveContext.GetOrAddPayload(() => new DeliveryAttempts()).Count = attempts;
    }

    sealed class PolicyContext<T>(ConsumerRetryPolicy policy, T context) : RetryPolicyContext<T>
        where T : class, PipeContext
    {
        readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);

        public T Context { get; } = context;

        public bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            int ordinary = 0, outage = 0;
            var canRetry = policy.Decide(Context, exception, attempts: 1, ref ordinary, ref outage, out var delay);
            retryContext = new AttemptContext<T>(policy, Context, exception, 0, ordinary, outage, delay, _cancellation.Token);
            return canRetry && !_cancellation.IsCancellationRequested;
        }

        public Task RetryFaulted(Exception exception) => Task.CompletedTask;

        public void Cancel() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();
    }

    sealed class AttemptContext<T>(ConsumerRetryPolicy policy, T context, Exception exception, int retryCount,
        int ordinaryUsed, int outageUsed, TimeSpan delay, CancellationToken cancellationToken)
        : BaseRetryContext<T>(context, exception, retryCount, cancellationToken), RetryContext<T>
        where T : class, PipeContext
    {
        public override TimeSpan? Delay => delay;

        public bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            int ordinary = ordinaryUsed, outage = outageUsed;
            // This context ran attempt RetryCount + 2 (the first delivery plus RetryCount + 1 retries).
            var canRetry = policy.Decide(Context, exception, RetryCount + 2, ref ordinary, ref outage, out var nextDelay);
            retryContext = new AttemptContext<T>(policy, Context, exception, RetryCount + 1, ordinary, outage, nextDelay, CancellationToken);
            return canRetry && !CancellationToken.IsCancellationRequested;
        }
    }
}
