using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Hosts;

/// <summary>
/// Runs one real service in-process (its own Program, its own database, the shared test vhost). The type argument is
/// any public type of the service's assembly; it only tells the factory which entry point to run.
/// </summary>
/// <param name="settings">Configuration of the host.</param>
/// <param name="logs">When given, also receives every log entry from Debug up (the console shows Warning and up).</param>
public sealed class ServiceFactory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings, LogCapture? logs = null) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
            if (logs is not null)
                logging.AddProvider(logs).AddFilter<LogCapture>(null, LogLevel.Debug);
        });
    }
}
