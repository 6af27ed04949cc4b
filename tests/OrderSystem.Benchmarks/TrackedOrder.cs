using System.Diagnostics;

namespace OrderSystem.Benchmarks;

/// <summary>One order the benchmark placed (or is about to place) and its final event.</summary>
sealed class TrackedOrder
{
    readonly TaskCompletionSource<OrderOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the final event arrived.</summary>
    public long ObservedAt { get; private set; }

    /// <summary>Envelope <c>sentTime</c> of the final event: when the saga wrote it to its outbox.</summary>
    public DateTimeOffset? EventSentTime { get; private set; }

    /// <summary>Wall clock when the final event arrived.</summary>
    public DateTimeOffset ObservedWallClock { get; private set; }

    public Task<OrderOutcome> Outcome => _outcome.Task;

    public void Complete(OrderOutcome outcome, long observedAt, DateTimeOffset observedWallClock, DateTimeOffset? sentTime)
    {
        if (_outcome.Task.IsCompleted)
            return;
        ObservedAt = observedAt;
        ObservedWallClock = observedWallClock;
        EventSentTime = sentTime;
        _outcome.TrySetResult(outcome);
    }
}
