using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Persistence;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.ServiceDefaults;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.DeadLetters;

/// <summary>
/// A minimal web service built from the building blocks (messaging, persistence, dead-letter admin API) on the real
/// broker and database, hosted in memory. Its only consumer is <see cref="SwitchableConsumer"/>.
/// </summary>
public sealed class DeadLetterTestHost : IAsyncDisposable
{
    public const string Queue = "dlqtest.switchable";
    public const string DeadLetterQueue = Queue + ".dlq";

    DeadLetterTestHost(WebApplication app, string adminToken)
    {
        App = app;
        Admin = app.GetTestClient().SignedIn(adminToken);
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>An HTTP client signed in as the admin (a real token from the test Identity).</summary>
    public HttpClient Admin { get; }

    public ConsumerBehaviour Behaviour => Services.GetRequiredService<ConsumerBehaviour>();

    public CapturedLogs Logs => Services.GetRequiredService<CapturedLogs>();

    public static async Task<DeadLetterTestHost> Start(string virtualHost, string connectionString, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None)
            .AddFilter("OrderSystem.Messaging.Retry", LogLevel.Debug)
            .AddFilter("OrderSystem.Messaging.DeadLetters.Audit", LogLevel.Information)
            .AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(RealInfrastructure.ServiceSettings(connectionString, virtualHost))
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Messaging:Retry:IntervalsMs:0"] = "0",
            ["Messaging:Retry:IntervalsMs:1"] = "10",
            ["Messaging:Retry:IntervalsMs:2"] = "50",
            ["Messaging:Retry:IntervalsMs:3"] = "100",
            ["Messaging:Retry:IntervalsMs:4"] = "200",
            ["Messaging:Retry:OutageInitialDelayMs"] = "50",
            ["Messaging:Retry:OutageMaxDelayMs"] = "400",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);

        builder.AddServiceDefaults("dlqtest");
        builder.Services.AddSingleton(logs);
        builder.Services.AddSingleton<ConsumerBehaviour>();
        builder.AddServicePersistence<TestDbContext, PostgresTestDbContext, SqlServerTestDbContext>();
        builder.AddDeadLetterAdmin();
        builder.AddMessaging("dlqtest", bus =>
        {
            bus.AddConsumer<SwitchableConsumer>().Endpoint(e => e.Name = Queue);
        });

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGroup("/admin").RequireAuthorization(AuthorizationPolicies.Admin).MapDeadLetters();

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        await app.StartAsync();
        var bus = app.Services.GetRequiredService<IBusControl>();
        await Wait.Until(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, "the bus is connected and its endpoints are ready");
        return new DeadLetterTestHost(app, await TestIdentity.Token("admin"));
    }

    /// <summary>Publishes a ProductUpdated for <paramref name="sku"/> straight to the broker with a chosen message id.</summary>
    public Task Publish(string sku, Guid messageId) =>
        Services.GetRequiredService<IBus>().Publish(new ProductUpdated(sku, "Widget", 1m, 1, DateTimeOffset.UtcNow), c => c.MessageId = messageId);

    /// <summary>How many times the consumer committed <paramref name="messageId"/>.</summary>
    public async Task<int> Consumed(Guid messageId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDbContext>().Consumed.CountAsync(c => c.MessageId == messageId);
    }

    /// <summary>Rows the consumer committed for <paramref name="sku"/>.</summary>
    public async Task<int> ConsumedSku(string sku)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDbContext>().Consumed.CountAsync(c => c.Key == sku);
    }

    public async Task<DeadLetterPage> ListDeadLetters()
    {
        var response = await Admin.GetAsync("/admin/dead-letters?limit=100");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DeadLetterPage>(Json))!;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await App.StopAsync(timeout.Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
