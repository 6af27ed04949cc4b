namespace OrderSystem.Tests.EndToEnd;

/// <summary>
/// All four services with their default settings, shared by the test classes that only look at orders of their own (the
/// guided tour, the Swagger checks): those classes run in parallel on one system instead of starting one each. The last
/// class to finish stops it.
/// </summary>
public sealed class SharedSystem : IAsyncLifetime
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static SystemUnderTest? _running;
    static int _users;

    /// <summary>The running system.</summary>
    public SystemUnderTest System { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _running ??= await SystemUnderTest.Start();
            _users++;
            System = _running;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (System is not null && --_users == 0 && _running is not null)
            {
                await _running.DisposeAsync();
                _running = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
