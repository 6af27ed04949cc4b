namespace OrderSystem.Tests.Hosts;

/// <summary>
/// The whole system (<see cref="SystemUnderTest"/>: all four services in-process) started with
/// <typeparamref name="TSettings"/>, as a class fixture. Every class using the same settings shares one running system
/// (<see cref="SharedHost{T}"/>), so such classes only look at orders and products of their own.
/// </summary>
/// <typeparam name="TSettings">The settings the system runs with.</typeparam>
public sealed class SystemFixture<TSettings> : IAsyncLifetime
    where TSettings : ISystemSettings, new()
{
    // Static per closed generic type: one shared system per settings type.
    static readonly SharedHost<SystemUnderTest> Shared = new();
    bool _acquired;

    /// <summary>The running system.</summary>
    public SystemUnderTest System { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        System = await Shared.Acquire(async () =>
        {
            var settings = new TSettings();
            var system = await SystemUnderTest.Start(new Dictionary<string, string?>(settings.Values));
            await settings.Prepare(system);
            return system;
        });
        _acquired = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_acquired)
            await Shared.Release(system => system.DisposeAsync());
    }
}
