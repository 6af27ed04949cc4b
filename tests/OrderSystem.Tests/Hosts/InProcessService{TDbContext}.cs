using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Messaging;
using OrderSystem.Persistence;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Hosts;

/// <summary>
/// One real service in-process on a fresh vhost and database, fed with raw events from the broker and watched through a
/// probe queue on its exchange. Barriers instead of sleeps: the inbox says a message was handled, an empty outbox says
/// its answers reached the broker. Used by the Payment and Notification tests (through <see cref="ServiceFixture{TDbContext,TSettings}"/>);
/// <see cref="SystemUnderTest"/> runs all four services together and BuildingBlocks/TestServiceHost runs the building
/// blocks without a service.
/// </summary>
public sealed class InProcessService<TDbContext> : IAsyncDisposable
    where TDbContext : ServiceDbContext
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly IsolatedInfrastructure _infrastructure = new();
    readonly List<ProbedEvent> _received = [];
    // Test classes sharing the service read the probe at the same time.
    readonly SemaphoreSlim _receiving = new(1, 1);
    WebApplicationFactory<TDbContext> _factory = null!;
    RawBroker _broker = null!;
    string _probe = "";

    /// <summary>HTTP client of the service, signed in as the admin (sees every customer's records).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The service's container.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>The service's vhost.</summary>
    public string VirtualHost => _infrastructure.VirtualHost;

    /// <summary>Messages in <paramref name="queue"/> per the management API (0 while the queue does not exist; stats lag a few seconds).</summary>
    public async Task<long> QueueDepth(string queue)
    {
        using var http = RealInfrastructure.Management();
        using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
            return 0;
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0;
    }

    /// <summary>A new HTTP client signed in as the demo account <paramref name="user"/>, or anonymous when it is null.</summary>
    public async Task<HttpClient> Client(string? user)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return user is null ? client : client.SignedIn(await TestIdentity.Token(user));
    }

    /// <summary>The raw broker connection on the service's vhost.</summary>
    public RawBroker Broker => _broker;

    /// <summary>Starts the service; <paramref name="probeExchange"/> is the exchange whose events the test watches.</summary>
    internal static async Task<InProcessService<TDbContext>> Create(string serviceName, string probeExchange, Dictionary<string, string?>? extra,
        Action<IServiceCollection>? testServices)
    {
        var service = new InProcessService<TDbContext>();
        await service._infrastructure.InitializeAsync();
        var settings = new Dictionary<string, string?>(
            RealInfrastructure.ServiceSettings(service._infrastructure.DatabaseConnectionString, service._infrastructure.VirtualHost))
        {
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:Retry:IntervalsMs:0"] = "0",
            ["Messaging:Retry:IntervalsMs:1"] = "10",
            ["Messaging:Retry:IntervalsMs:2"] = "50",
            ["Messaging:Retry:IntervalsMs:3"] = "0",
            ["Messaging:Retry:IntervalsMs:4"] = "0",
        };
        // The service connects as its own least-privileged broker user, as deployed; the test's probe uses the administrator.
        foreach (var (key, value) in await RealInfrastructure.CreateServiceUser(service._infrastructure.VirtualHost, serviceName))
            settings[key] = value;
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;

        service._factory = new ServiceFactory<TDbContext>(settings)
            .WithWebHostBuilder(builder => builder.ConfigureTestServices(services => testServices?.Invoke(services)));
        service.Http = service._factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Wait.Until(async () => (await service.Http.GetAsync("/health/ready")).IsSuccessStatusCode, $"{serviceName} is ready",
            TimeSpan.FromSeconds(60));
        service.Http.SignedIn(await TestIdentity.Token("admin"));
        service._broker = await RawBroker.Connect(service._infrastructure.VirtualHost);
        service._probe = await service._broker.BindProbe(probeExchange, "#");
        return service;
    }

    /// <summary>Publishes <paramref name="message"/> straight to its exchange and routing key, as another service's relay would.</summary>
    public async Task<Guid> Publish<T>(T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        var route = EventRoutes.Of<T>();
        var envelope = new
        {
            messageId = id,
            messageType = new[] { $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}" },
            message,
            sentTime = DateTime.UtcNow,
        };
        await _broker.Publish(route.Exchange, route.RoutingKey, JsonSerializer.Serialize(envelope, Json), id.ToString());
        return id;
    }

    /// <summary>Waits until every one of <paramref name="messageIds"/> was handled and its answers left the outbox.</summary>
    public Task Handled(params Guid[] messageIds) => Wait.Until(async () =>
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var handled = await db.InboxMessages.Where(m => messageIds.Contains(m.MessageId)).Select(m => m.MessageId).Distinct().CountAsync();
        return handled == messageIds.Distinct().Count() && !await db.OutboxMessages.AnyAsync();
    }, $"{messageIds.Length} message(s) were handled and their answers relayed");

    /// <summary>Every event seen on the probe so far for <paramref name="orderId"/>.</summary>
    public async Task<List<ProbedEvent>> Received(Guid orderId)
    {
        await _receiving.WaitAsync();
        try
        {
            foreach (var delivery in await _broker.Drain(_probe))
            {
                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
                _received.Add(new ProbedEvent(delivery.RoutingKey, document.RootElement.GetProperty("message").Clone()));
            }

            return [.. _received.Where(r => r.Message.TryGetProperty("orderId", out var id) && id.GetGuid() == orderId)];
        }
        finally
        {
            _receiving.Release();
        }
    }

    /// <summary>Reads the service's database.</summary>
    public async Task<T> Query<T>(Func<TDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_factory is not null)
            await _factory.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }
}
