namespace OrderSystem.Tests.Hosts;

/// <summary>
/// One running host shared by the test classes whose fixtures hold the same <see cref="SharedHost{T}"/>: the first class
/// to start starts it, the last one to finish stops it. Classes running in parallel on the same settings then share one
/// host instead of starting one each; a settings type used by one class gives that class a host of its own.
/// </summary>
/// <typeparam name="T">The running host.</typeparam>
public sealed class SharedHost<T>
{
    readonly SemaphoreSlim _gate = new(1, 1);
    T _running = default!;
    int _users;

    /// <summary>The running host, started with <paramref name="start"/> when no class holds it yet.</summary>
    public async Task<T> Acquire(Func<Task<T>> start)
    {
        await _gate.WaitAsync();
        try
        {
            if (_users == 0)
                _running = await start();
            _users++;
            return _running;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets the host go; the last class to let go stops it with <paramref name="stop"/>.</summary>
    public async Task Release(Func<T, ValueTask> stop)
    {
        await _gate.WaitAsync();
        try
        {
            if (--_users == 0)
            {
                await stop(_running);
                _running = default!;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
