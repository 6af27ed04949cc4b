namespace OrderSystem.Persistence.Outbox;

/// <summary>
/// Wakes the relay as soon as a transaction with outbox messages commits, so delivery does not wait for a poll.
/// Many signals while the relay is busy collapse into one extra pass.
/// </summary>
public sealed class OutboxRelaySignal : IDisposable
{
    readonly SemaphoreSlim _pending = new(0, 1);

    /// <summary>Tells the relay there is work.</summary>
    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the relay will look once more anyway.
        }
    }

    public void Dispose() => _pending.Dispose();

    /// <summary>Waits for a signal or the fallback poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken) =>
        _pending.WaitAsync(pollInterval, cancellationToken);
}
