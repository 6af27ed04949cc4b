using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Persistence;

namespace OrderSystem.Tests.Hosts;

/// <summary>Starts an <see cref="InProcessService{TDbContext}"/>.</summary>
public static class InProcessService
{
    /// <summary>Starts the service whose assembly holds <typeparamref name="TDbContext"/>, watching <paramref name="probeExchange"/>.</summary>
    public static Task<InProcessService<TDbContext>> Start<TDbContext>(string serviceName, string probeExchange,
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null)
        where TDbContext : ServiceDbContext =>
        InProcessService<TDbContext>.Create(serviceName, probeExchange, settings, testServices);
}
