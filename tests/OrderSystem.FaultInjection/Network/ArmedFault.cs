namespace OrderSystem.FaultInjection.Network;

/// <summary>
/// A one-shot fault of a <see cref="FaultProxy"/>: armed by the runner, fired by the first connection that meets its
/// condition, so that exactly one request (or answer) is hit however many connections the service has.
/// </summary>
public sealed class ArmedFault(string name)
{
    TaskCompletionSource<bool>? _armed;

    /// <summary>Arms the fault and waits (at most <paramref name="timeout"/>) until it fired. False when it did not.</summary>
    public async Task<bool> Wait(TimeSpan timeout, CancellationToken stopping)
    {
        var armed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _armed, armed, null) is not null)
            throw new InvalidOperationException($"{name}: this fault is already armed.");
        var done = await Task.WhenAny(armed.Task, Task.Delay(timeout, stopping).ContinueWith(_ => false, TaskScheduler.Default));
        Interlocked.CompareExchange(ref _armed, null, armed);
        return await done;
    }

    /// <summary>Claims the armed fault for the caller (only one caller wins); null when it is not armed.</summary>
    public TaskCompletionSource<bool>? TryClaim() =>
        Volatile.Read(ref _armed) is { } armed && Interlocked.CompareExchange(ref _armed, null, armed) == armed ? armed : null;
}
