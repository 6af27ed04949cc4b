namespace OrderSystem.Tests.EndToEnd;

/// <summary>
/// All four services with their default settings plus what the local run and docker compose turn on for people to try
/// the system (<see cref="DevelopmentSettings"/>), shared by the test classes that only look at orders of their own (the
/// guided tour, the Swagger checks): those classes run in parallel on one system instead of starting one each. The last
/// class to finish stops it.
/// </summary>
public sealed class SharedSystem : IAsyncLifetime
{
    /// <summary>The development switches of the local run and compose: Payment's demo payment methods (the README's ids).</summary>
    public static readonly Dictionary<string, string?> DevelopmentSettings = new() { ["PaymentMethods:SeedDemoMethods"] = "true" };

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
            _running ??= await SystemUnderTest.Start(DevelopmentSettings);
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
