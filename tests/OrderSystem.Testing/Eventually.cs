namespace OrderSystem.Testing;

/// <summary>
/// Waits for something that happens asynchronously (a message consumed, a row written) by polling a condition with a
/// deadline. Tests never sleep and hope: they wait exactly as long as needed and fail with the reason.
/// </summary>
public static class Eventually
{
    static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns <see langword="true"/>. An exception thrown by the condition
    /// counts as "not yet" and is attached to the timeout if it was the last outcome.
    /// </summary>
    /// <param name="condition">The check; called again after a short, growing pause while it is false.</param>
    /// <param name="timeout">How long to keep trying.</param>
    /// <param name="because">What is being waited for, read as "timed out waiting until {because}".</param>
    /// <param name="cancellationToken">Stops waiting early (e.g. <c>TestContext.Current.CancellationToken</c>).</param>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string because,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = TimeProvider.System.GetTimestamp();
        var pause = FirstPoll;
        var attempts = 0;
        Exception? lastError;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            try
            {
                if (await condition())
                    return;
                lastError = null;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastError = exception;
            }

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (elapsed >= timeout)
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:0.###} s ({attempts} checks) waiting until {because}" +
                    (lastError is null ? "." : $"; the last check threw {lastError.GetType().Name}: {lastError.Message}"),
                    lastError);

            var remaining = timeout - elapsed;
            await Task.Delay(pause < remaining ? pause : remaining, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPoll.Ticks));
        }
    }

    /// <summary>Synchronous-condition form of <see cref="Until(Func{Task{bool}}, TimeSpan, string, CancellationToken)"/>.</summary>
    /// <param name="condition">The check.</param>
    /// <param name="timeout">How long to keep trying.</param>
    /// <param name="because">What is being waited for.</param>
    /// <param name="cancellationToken">Stops waiting early.</param>
    public static Task Until(Func<bool> condition, TimeSpan timeout, string because, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Until(() => Task.FromResult(condition()), timeout, because, cancellationToken);
    }
}
