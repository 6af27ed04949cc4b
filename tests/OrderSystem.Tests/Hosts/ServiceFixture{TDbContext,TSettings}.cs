using OrderSystem.Persistence;

namespace OrderSystem.Tests.Hosts;

/// <summary>
/// One service in-process (<see cref="InProcessService{TDbContext}"/>) started with <typeparamref name="TSettings"/>, as a
/// class fixture. Every class using the same settings shares the running service and its <see cref="Settings"/>
/// (<see cref="SharedHost{T}"/>), so such classes only look at orders of their own.
/// </summary>
/// <typeparam name="TDbContext">The service's DbContext (it names the service's assembly).</typeparam>
/// <typeparam name="TSettings">What the service runs with.</typeparam>
public sealed class ServiceFixture<TDbContext, TSettings> : IAsyncLifetime
    where TDbContext : ServiceDbContext
    where TSettings : IServiceSettings<TDbContext>, new()
{
    // Static per closed generic type: one shared service per settings type.
    static readonly SharedHost<(TSettings Settings, InProcessService<TDbContext> Service)> Shared = new();
    bool _acquired;

    /// <summary>The running service.</summary>
    public InProcessService<TDbContext> Service { get; private set; } = null!;

    /// <summary>The settings it was started with, with what <see cref="IServiceSettings{TDbContext}.Prepare"/> recorded.</summary>
    public TSettings Settings { get; private set; } = default!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        (Settings, Service) = await Shared.Acquire(async () =>
        {
            var settings = new TSettings();
            var service = await InProcessService.Start<TDbContext>(settings.Service, settings.ProbeExchange,
                new Dictionary<string, string?>(settings.Values), settings.AddTestServices);
            await settings.Prepare(service);
            return (settings, service);
        });
        _acquired = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_acquired)
            await Shared.Release(running => running.Service.DisposeAsync());
    }
}
