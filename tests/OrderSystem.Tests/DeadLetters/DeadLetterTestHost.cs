using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderSystem.Contracts;
using OrderSystem.Messaging;
using OrderSystem.Messaging.DeadLetters;
using OrderSystem.Operations.DeadLetters;
using OrderSystem.Persistence;
using OrderSystem.Persistence.Database;
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

/// <summary>
/// Test-only failure switch for <see cref="SwitchableConsumer"/>, keyed by SKU: fail the next N attempts, or fail every
/// attempt until switched off. Lives in the test project only; production consumers have no such hooks.
/// </summary>
public sealed class ConsumerBehaviour
{
    readonly Lock _lock = new();
    readonly Dictionary<string, (int Times, Func<string, Exception> Failure)> _failNext = [];
    readonly Dictionary<string, Func<string, Exception>> _failAlways = [];
    readonly Dictionary<string, int> _attempts = [];

    /// <summary>The next <paramref name="times"/> attempts for <paramref name="sku"/> throw (by default an InvalidOperationException).</summary>
    public void FailNext(string sku, int times, Func<string, Exception>? failure = null)
    {
        lock (_lock)
            _failNext[sku] = (times, failure ?? (text => new InvalidOperationException($"Hiccup for {text}")));
    }

    /// <summary>Every attempt for <paramref name="sku"/> throws until switched off.</summary>
    public void FailAlways(string sku, bool on, Func<string, Exception>? failure = null)
    {
        lock (_lock)
        {
            if (on)
                _failAlways[sku] = failure ?? (text => new InvalidOperationException($"Handler bug for {text}"));
            else
                _failAlways.Remove(sku);
        }
    }

    public int Attempts(string sku)
    {
        lock (_lock)
            return _attempts.GetValueOrDefault(sku);
    }

    internal void Run(string sku)
    {
        lock (_lock)
        {
            var attempt = _attempts[sku] = _attempts.GetValueOrDefault(sku) + 1;
            if (_failAlways.TryGetValue(sku, out var always))
                throw always($"{sku} (attempt {attempt})");
            if (_failNext.TryGetValue(sku, out var next) && next.Times > 0)
            {
                _failNext[sku] = (next.Times - 1, next.Failure);
                throw next.Failure($"{sku} (attempt {attempt})");
            }
        }
    }
}

/// <summary>Records each ProductUpdated in the consumer's transaction unless <see cref="ConsumerBehaviour"/> says fail.</summary>
public sealed class SwitchableConsumer(TestDbContext db, ConsumerBehaviour behaviour) : IConsumer<ProductUpdated>
{
    public Task Consume(ConsumeContext<ProductUpdated> context)
    {
        behaviour.Run(context.Message.Sku);
        db.Consumed.Add(new ConsumedRecord { MessageId = context.MessageId ?? Guid.Empty, Key = context.Message.Sku });
        return Task.CompletedTask;
    }
}

/// <summary>Keeps every log entry so tests can wait for what the service reported.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    public int Count(string category, string contains) =>
        _entries.Count(e => e.Category == category && e.Message.Contains(contains, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
