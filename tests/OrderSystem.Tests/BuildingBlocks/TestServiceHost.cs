using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderSystem.Messaging;
using OrderSystem.Persistence;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.BuildingBlocks;

/// <summary>A minimal service built from the building blocks only, on the real broker and database.</summary>
public sealed class TestServiceHost : IAsyncDisposable
{
    TestServiceHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>Starts a host whose database schema is created from the test model.</summary>
    public static async Task<TestServiceHost> Start(string virtualHost, string connectionString, Action<IBusRegistrationConfigurator>? configureBus = null,
        int? brokerPort = null, Dictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(RealInfrastructure.ServiceSettings(connectionString, virtualHost, brokerPort))
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Messaging:Retry:IntervalsMs:0"] = "0",
            ["Messaging:Retry:IntervalsMs:1"] = "10",
            ["Messaging:Retry:IntervalsMs:2"] = "50",
            ["Messaging:Retry:IntervalsMs:3"] = "100",
            ["Messaging:Retry:IntervalsMs:4"] = "200",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);

        builder.AddServicePersistence<TestDbContext, PostgresTestDbContext, SqlServerTestDbContext>();
        builder.AddMessaging("bbtest", bus =>
        {
            configureBus?.Invoke(bus);
        });

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        await host.StartAsync();
        // Consumers' queues and bindings exist only once the bus is up; publishing earlier would route to nowhere.
        var bus = host.Services.GetRequiredService<IBusControl>();
        await Wait.Until(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, "the bus is connected and its endpoints are ready");
        return new TestServiceHost(host);
    }

    /// <summary>Runs <paramref name="work"/> in a fresh scope, as an HTTP request would.</summary>
    public async Task InScope(Func<TestDbContext, IPublishEndpoint, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TestDbContext>(), scope.ServiceProvider.GetRequiredService<IPublishEndpoint>());
    }

    /// <summary>Reads the database in a fresh scope.</summary>
    public async Task<T> Query<T>(Func<TestDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await Host.StopAsync(timeout.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }
}
