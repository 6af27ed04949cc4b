using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Persistence;

namespace OrderSystem.Tests.Hosts;

/// <summary>
/// What a <see cref="ServiceFixture{TDbContext,TSettings}"/> starts one service with: which service, the exchange whose
/// events the tests watch, the configuration that differs from its defaults, test doubles, and what has to be true
/// before the first test runs.
/// </summary>
/// <typeparam name="TDbContext">The service's DbContext (it names the service's assembly).</typeparam>
public interface IServiceSettings<TDbContext>
    where TDbContext : ServiceDbContext
{
    /// <summary>The service's name ("payment", "notification"): its broker user and its log name.</summary>
    string Service { get; }

    /// <summary>The exchange whose events the tests read with <see cref="InProcessService{TDbContext}.Received"/>.</summary>
    string ProbeExchange { get; }

    /// <summary>Configuration that differs from the service's defaults.</summary>
    IReadOnlyDictionary<string, string?> Values => new Dictionary<string, string?>();

    /// <summary>Replaces services of the host with test doubles.</summary>
    void AddTestServices(IServiceCollection services)
    {
    }

    /// <summary>Runs once on the started service, before any test class gets it.</summary>
    Task Prepare(InProcessService<TDbContext> service) => Task.CompletedTask;
}
