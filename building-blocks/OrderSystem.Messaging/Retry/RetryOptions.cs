using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Messaging.Retry;

/// <summary>Retry policy applied to every consumer endpoint, bound from <c>Messaging:Retry</c>.</summary>
public sealed class RetryOptions
{
    public const string SectionName = "Messaging:Retry";

    /// <summary>Used when <see cref="IntervalsMs"/> is not configured: three quick retries, then two spaced ones.</summary>
    public static IReadOnlyList<int> DefaultIntervalsMs { get; } = [0, 50, 250, 1_000, 5_000];

    /// <summary>
    /// Waits between attempts after an ordinary failure, in milliseconds: a few quick retries first, then spaced ones.
    /// After the last one the message goes to the queue's dead-letter queue. Unset = <see cref="DefaultIntervalsMs"/>.
    /// </summary>
    /// <remarks>
    /// Deliberately not initialised: the configuration binder appends configured items to an initialised array, which
    /// silently turned "five configured retries" into ten.
    /// </remarks>
    public int[]? IntervalsMs { get; set; }

    /// <summary>
    /// First wait after a transient infrastructure failure (database or dependency unreachable), in milliseconds.
    /// Such failures are retried without limit and never count against <see cref="IntervalsMs"/>.
    /// </summary>
    [Range(1, 600_000)]
    public int OutageInitialDelayMs { get; set; } = 200;

    /// <summary>The longest wait between attempts during an outage (the backoff doubles up to this), in milliseconds.</summary>
    [Range(1, 3_600_000)]
    public int OutageMaxDelayMs { get; set; } = 30_000;

    /// <summary>The policy's waits as time spans.</summary>
    internal TimeSpan[] Intervals => [.. (IntervalsMs ?? DefaultIntervalsMs).Select(ms => TimeSpan.FromMilliseconds(ms))];
}
