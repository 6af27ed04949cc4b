using System.Collections;

namespace OrderSystem.Testing;

/// <summary>
/// Waits for something that happens asynchronously (a message consumed, a row written, a service ready) by polling with a
/// deadline. Tests never sleep and hope: they wait exactly as long as needed and fail saying what they waited for and
/// what they saw last.
/// </summary>
public static class Wait
{
    /// <summary>How long a wait lasts when the caller does not say.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Without an interval the pause grows from FirstPoll to LongestPoll: quick answers are seen at once, slow ones cost little.
    static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(250);
    const int ShownItems = 10;
    const int ShownCharacters = 300;

    /// <summary>
    /// Polls <paramref name="observe"/> until <paramref name="until"/> accepts what it returned, and returns that value.
    /// An exception thrown by <paramref name="observe"/> counts as "not yet" and is reported if it was the last outcome.
    /// </summary>
    /// <param name="observe">Reads the current value; called again after a pause while it is not accepted.</param>
    /// <param name="until">Whether the value is the one waited for.</param>
    /// <param name="because">What is being waited for, read as "timed out waiting until {because}".</param>
    /// <param name="timeout">How long to keep trying; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="pollInterval">The pause between checks; a short pause growing to 250 ms when null.</param>
    /// <param name="cancellationToken">Stops waiting early (e.g. <c>TestContext.Current.CancellationToken</c>).</param>
    /// <exception cref="TimeoutException">No accepted value within the timeout; the message names the last value seen.</exception>
    public static async Task<T> For<T>(Func<Task<T>> observe, Func<T, bool> until, string because, TimeSpan? timeout = null,
        TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observe);
        ArgumentNullException.ThrowIfNull(until);
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        var pause = pollInterval ?? FirstPoll;
        var attempts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            string lastOutcome;
            Exception? lastError = null;
            try
            {
                var value = await observe();
                if (until(value))
                    return value;
                lastOutcome = $"the last value was {Describe(value)}";
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastError = exception;
                lastOutcome = $"the last check threw {exception.GetType().Name}: {exception.Message}";
            }

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (elapsed >= limit)
                throw new TimeoutException(
                    $"Timed out after {limit.TotalSeconds:0.###} s ({attempts} checks) waiting until {because}; {lastOutcome}.", lastError);

            // At least a millisecond: Task.Delay completes a shorter pause at once, and the last checks would spin until the deadline.
            var remaining = limit - elapsed;
            await Task.Delay(TimeSpan.FromTicks(Math.Max(Math.Min(pause.Ticks, remaining.Ticks), TimeSpan.TicksPerMillisecond)), cancellationToken);
            if (pollInterval is null)
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPoll.Ticks));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it returns <see langword="true"/>; see <see cref="For{T}"/>.</summary>
    /// <param name="condition">The check.</param>
    /// <param name="because">What is being waited for, read as "timed out waiting until {because}".</param>
    /// <param name="timeout">How long to keep trying; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="pollInterval">The pause between checks; a short pause growing to 250 ms when null.</param>
    /// <param name="cancellationToken">Stops waiting early.</param>
    /// <exception cref="TimeoutException">The condition did not hold within the timeout.</exception>
    public static Task Until(Func<Task<bool>> condition, string because, TimeSpan? timeout = null, TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default) =>
        For(condition, holds => holds, because, timeout, pollInterval, cancellationToken);

    /// <summary>Synchronous-condition form of <see cref="Until(Func{Task{bool}}, string, TimeSpan?, TimeSpan?, CancellationToken)"/>.</summary>
    /// <param name="condition">The check.</param>
    /// <param name="because">What is being waited for.</param>
    /// <param name="timeout">How long to keep trying; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="pollInterval">The pause between checks; a short pause growing to 250 ms when null.</param>
    /// <param name="cancellationToken">Stops waiting early.</param>
    public static Task Until(Func<bool> condition, string because, TimeSpan? timeout = null, TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Until(() => Task.FromResult(condition()), because, timeout, pollInterval, cancellationToken);
    }

    static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text.Length <= ShownCharacters ? $"\"{text}\"" : $"\"{text[..ShownCharacters]}…\" ({text.Length} characters)",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Take(ShownItems + 1)
            .Select((item, index) => index < ShownItems ? Describe(item) : "…")) + "]",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
