using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Inventory.Features.Catalogue;
using OrderSystem.Inventory.Features.CreateProduct;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Notification.Features.ListNotifications;
using OrderSystem.Notification.Persistence;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Features.GetOrder;
using OrderSystem.Order.Persistence;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Payment.Features.PaymentMethods;
using OrderSystem.Payment.Persistence;
using OrderSystem.ServiceDefaults.Paging;
using OrderSystem.Tests.Support;
using PlaceOrderEndpoint = OrderSystem.Order.Features.PlaceOrder.PlaceOrder;

namespace OrderSystem.Tests.Hosts;

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
    public IServiceProvider OrderServices => _services["order"];

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
        return (await response.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
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
        return (await response.Content.ReadFromJsonAsync<RegisterPaymentMethod.Response>())!.PaymentMethodId;
    }

    public async Task<GetOrder.Response> GetOrder(Guid orderId) => (await Order.GetFromJsonAsync<GetOrder.Response>($"/orders/{orderId}"))!;

    /// <summary>Waits until the order is final (<see cref="OrderStatus.Confirmed"/> or <see cref="OrderStatus.Cancelled"/>) and returns it.</summary>
    public async Task<GetOrder.Response> WaitUntilFinal(Guid orderId, TimeSpan? timeout = null)
    {
        GetOrder.Response order = null!;
        await Wait.Until(async () =>
        {
            order = await GetOrder(orderId);
            return order.Status is nameof(OrderStatus.Confirmed) or nameof(OrderStatus.Cancelled);
        }, $"order {orderId} is Confirmed or Cancelled", timeout);
        return order;
    }

    public async Task<List<ListPayments.Item>> Payments(Guid orderId) =>
        [.. (await Payment.GetFromJsonAsync<PaginatedItems<ListPayments.Item>>($"/payments?orderId={orderId}"))!.Items];

    public async Task<List<ListNotifications.Item>> Notifications(Guid orderId) =>
        [.. (await Notification.GetFromJsonAsync<PaginatedItems<ListNotifications.Item>>($"/notifications?orderId={orderId}"))!.Items];

    /// <summary>Waits until Order's catalogue replica knows every one of <paramref name="skus"/> (it learns them from Inventory's events).</summary>
    public Task CatalogueKnows(params string[] skus) => Wait.Until(async () =>
    {
        await using var scope = OrderServices.CreateAsyncScope();
        var catalogue = scope.ServiceProvider.GetRequiredService<OrderDbContext>().Catalogue;
        return await catalogue.CountAsync(c => skus.Contains(c.Sku)) == skus.Distinct().Count();
    }, $"Order's catalogue replica knows {string.Join(", ", skus)}");

    /// <summary>Waits until the customer was notified about the order, and returns its notifications.</summary>
    public async Task<List<ListNotifications.Item>> NotificationsOnceSent(Guid orderId)
    {
        List<ListNotifications.Item> notifications = [];
        await Wait.Until(async () => (notifications = await Notifications(orderId)).Count > 0, $"the customer was notified about {orderId}");
        return notifications;
    }

    /// <summary>Creates a product of its own SKU (starting with <paramref name="prefix"/>) through Inventory, asserting 201, and returns the SKU.</summary>
    public async Task<string> CreateProduct(int onHand, decimal price = 10m, string prefix = "E2E")
    {
        var sku = $"{prefix}-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        using var response = await Inventory.PostAsJsonAsync("/products", new CreateProduct.Request(sku, "Test widget", price, onHand));
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"POST /products answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return sku;
    }

    public async Task<ProductResponse> Product(string sku) => (await Inventory.GetFromJsonAsync<ProductResponse>($"/products/{sku}"))!;

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
