using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Text.Json;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Notification.Persistence;
using OrderSystem.Order.Persistence;
using OrderSystem.Payment.Persistence;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.EndToEnd;

/// <summary>
/// The services, in-process, on a fresh vhost of the real RabbitMQ and fresh PostgreSQL databases: the same code and
/// wiring as production, only hosted by the test. The clients are signed in with real tokens from the shared test
/// Identity: Order, Payment and Notification as the customer <c>ada</c>, Inventory as <c>admin</c> (it changes stock);
/// <see cref="Client"/> gives one signed in as anyone else, or anonymous.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    readonly List<IAsyncDisposable> _factories = [];
    readonly List<string> _databases = [];
    LogCapture? _logs;
    readonly Dictionary<string, Func<HttpClient>> _newClients = [];
    readonly Dictionary<string, IServiceProvider> _services = [];

    SystemUnderTest(string virtualHost) => VirtualHost = virtualHost;

    public string VirtualHost { get; }

    /// <summary>Connection strings of the services' databases, in start order.</summary>
    public IReadOnlyList<string> Databases => _databases;

    /// <summary>The customer the default clients act for.</summary>
    public const string Customer = "ada";

    public HttpClient Order { get; private set; } = null!;

    public HttpClient Inventory { get; private set; } = null!;

    public HttpClient Payment { get; private set; } = null!;

    public HttpClient Notification { get; private set; } = null!;

    /// <summary>The Order service's container, to look into its database.</summary>
    public IServiceProvider OrderServices => _factories.OfType<ServiceFactory<OrderDbContext>>().Single().Services;

    /// <summary>The container of the service named <paramref name="service"/> ("order", "inventory", "payment", "notification").</summary>
    public IServiceProvider ServicesOf(string service) => _services[service];

    /// <summary>Starts Order and Inventory only (the foundation's walking skeleton).</summary>
    public static async Task<SystemUnderTest> StartOrderAndInventory(Dictionary<string, string?>? settings = null)
    {
        var system = new SystemUnderTest(await RealInfrastructure.CreateVirtualHost("e2e"));
        system.Inventory = await system.StartService<InventoryDbContext>("inventory", settings);
        system.Order = await system.StartService<OrderDbContext>("order", settings);
        return system;
    }

    /// <summary>
    /// Starts all four services; <paramref name="settings"/> apply to every service, and <paramref name="logs"/>, when
    /// given, receives every log entry of all four.
    /// </summary>
    public static async Task<SystemUnderTest> Start(Dictionary<string, string?>? settings = null, LogCapture? logs = null)
    {
        var system = new SystemUnderTest(await RealInfrastructure.CreateVirtualHost("e2e")) { _logs = logs };
        system.Inventory = await system.StartService<InventoryDbContext>("inventory", settings);
        system.Payment = await system.StartService<PaymentDbContext>("payment", settings);
        system.Notification = await system.StartService<NotificationDbContext>("notification", settings);
        system.Order = await system.StartService<OrderDbContext>("order", settings);
        return system;
    }

    /// <summary>Places an order as <see cref="Customer"/>, paid with <paramref name="card"/> registered with Payment, and returns its id (asserting 202).</summary>
    public async Task<Guid> PlaceOrder(string sku, int quantity, string card)
    {
        var response = await PlaceOrder(new
        {
            items = new[] { new { sku, quantity } },
            payment = new { paymentMethodId = await PaymentMethod(card) },
        });
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /orders answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
    }

    /// <summary>
    /// Registers <paramref name="card"/> with Payment (<c>POST /payment-methods</c>) through <paramref name="payment"/>
    /// (default: <see cref="Payment"/>, signed in as <see cref="Customer"/>) and returns its <c>paymentMethodId</c>: the
    /// only way an order names a card. Registering the same card again returns the same id.
    /// </summary>
    public async Task<Guid> PaymentMethod(string card, HttpClient? payment = null)
    {
        using var response = await (payment ?? Payment).PostAsJsonAsync("/payment-methods", new { cardNumber = card });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /payment-methods answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentMethodId").GetGuid();
    }

    public Task<JsonElement> GetOrder(Guid orderId) => Order.GetFromJsonAsync<JsonElement>($"/orders/{orderId}");

    /// <summary>Waits until the order is final and returns it.</summary>
    public async Task<JsonElement> WaitUntilFinal(Guid orderId, TimeSpan? timeout = null)
    {
        JsonElement order = default;
        await Wait.Until(async () =>
        {
            order = await GetOrder(orderId);
            return order.GetProperty("status").GetString() is "Confirmed" or "Cancelled";
        }, $"order {orderId} is Confirmed or Cancelled", timeout);
        return order;
    }

    public async Task<List<JsonElement>> Payments(Guid orderId) =>
        [.. (await Payment.GetFromJsonAsync<JsonElement>($"/payments?orderId={orderId}")).GetProperty("items").EnumerateArray()];

    public async Task<List<JsonElement>> Notifications(Guid orderId) =>
        [.. (await Notification.GetFromJsonAsync<JsonElement>($"/notifications?orderId={orderId}")).GetProperty("items").EnumerateArray()];

    public Task<JsonElement> Product(string sku) => Inventory.GetFromJsonAsync<JsonElement>($"/products/{sku}");

    async Task<HttpClient> StartService<TEntryPoint>(string name, Dictionary<string, string?>? extra)
        where TEntryPoint : class
    {
        var database = await RealInfrastructure.CreateDatabase(name);
        _databases.Add(database);
        var settings = new Dictionary<string, string?>(RealInfrastructure.ServiceSettings(database, VirtualHost))
        {
            ["Outbox:PollInterval"] = "00:00:00.250",
        };
        // Each service connects as its own least-privileged broker user, as deployed.
        foreach (var (key, value) in await RealInfrastructure.CreateServiceUser(VirtualHost, name))
            settings[key] = value;
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;

        var factory = new ServiceFactory<TEntryPoint>(settings, _logs);
        _factories.Add(factory);
        _services[name] = factory.Services;
        _newClients[name] = () => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var client = _newClients[name]();
        await Wait.Until(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, $"{name} is ready", TimeSpan.FromSeconds(60));
        return client.SignedIn(await TestIdentity.Token(name == "inventory" ? "admin" : Customer));
    }

    /// <summary>
    /// A new client of <paramref name="service"/> (order, inventory, payment, notification) signed in as the demo account
    /// <paramref name="user"/>, or anonymous when it is null.
    /// </summary>
    public async Task<HttpClient> Client(string service, string? user)
    {
        var client = _newClients[service]();
        return user is null ? client : client.SignedIn(await TestIdentity.Token(user));
    }

    /// <summary>
    /// Places an order once Order's catalogue replica knows the SKUs (it learns them from Inventory's events), through
    /// <paramref name="client"/> (default: <see cref="Order"/>, signed in as <see cref="Customer"/>).
    /// </summary>
    public async Task<HttpResponseMessage> PlaceOrder(object body, string? idempotencyKey = null, HttpClient? client = null)
    {
        HttpResponseMessage? response = null;
        await Wait.Until(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(body) };
            if (idempotencyKey is not null)
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            response = await (client ?? Order).SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return !text.Contains("Unknown SKU", StringComparison.Ordinal);
        }, "Order's catalogue replica knows the ordered SKUs");
        return response!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in Enumerable.Reverse(_factories))
            await factory.DisposeAsync();
        await RealInfrastructure.DeleteVirtualHost(VirtualHost);
        foreach (var database in _databases)
            await RealInfrastructure.DropDatabase(database);
    }
}
