using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderSystem.Messaging.Hosting;

/// <summary>
/// A background loop that runs one pass every <see cref="Interval"/> and never stops the host: a pass that throws (the
/// database or the broker is down) is logged and the next pass tries again. .NET's default for a
/// <see cref="BackgroundService"/> whose loop throws is <c>StopHost</c>, which turned a database timeout into a replica
/// that never became ready; every periodic loop of the system derives from this class so none can do that again.
/// </summary>
/// <param name="logger">Where failed passes are reported.</param>
/// <param name="clock">The timer's clock (tests pass a fake one).</param>
public abstract class PeriodicWork(ILogger logger, TimeProvider? clock = null) : BackgroundService
{
    /// <summary>The timer's clock, for the passes' own notion of now.</summary>
    protected TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    /// <summary>Time between the start of one pass and the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>What a failed pass is logged as (e.g. "Inbox cleanup failed; will try again").</summary>
    protected abstract string FailureMessage { get; }

    /// <summary>Warning by default; gauges that keep their last value log at Debug.</summary>
    protected virtual LogLevel FailureLevel => LogLevel.Warning;

    /// <summary>False: the first pass waits one interval (nothing to do the moment the service starts).</summary>
    protected virtual bool RunAtStart => true;

    /// <summary>One pass.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Clock);
        if (!RunAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
            return;
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.Log(FailureLevel, exception, "{Failure}", FailureMessage);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
