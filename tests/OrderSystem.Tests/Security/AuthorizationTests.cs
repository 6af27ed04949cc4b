using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using OrderSystem.Contracts;
using OrderSystem.ServiceDefaults;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Features.GetOrder;
using OrderSystem.Order.Features.ListOrders;
using OrderSystem.ServiceDefaults.Paging;
using OrderSystem.Tests.Hosts;
using OrderSystem.Tests.Support;
using PlaceOrderEndpoint = OrderSystem.Order.Features.PlaceOrder.PlaceOrder;

namespace OrderSystem.Tests.Security;

/// <summary>
/// Who may do what, against the real services with real tokens (OWASP API1 object-level and API5 function-level
/// authorization): anonymous callers, customers acting on each other's records, customers and machines on the catalogue.
/// </summary>
public sealed class AuthorizationTests(SystemFixture<DefaultSettings> fixture) : IClassFixture<SystemFixture<DefaultSettings>>
{
    SystemUnderTest System => fixture.System;

    const string PendingCard = "4000000000000259";

    public static TheoryData<string, string, string> ProtectedEndpoints => new()
    {
        { "order", "POST", "/orders" },
        { "order", "GET", "/orders" },
        { "order", "GET", $"/orders/{Guid.NewGuid()}" },
        { "order", "POST", $"/orders/{Guid.NewGuid()}/cancel" },
        { "inventory", "POST", "/products" },
        { "inventory", "PUT", "/products/KB-001" },
        { "inventory", "PUT", "/products/KB-001/stock" },
        { "payment", "GET", "/payments" },
        { "notification", "GET", "/notifications" },
        { "order", "GET", "/admin/dead-letters" },
        { "inventory", "POST", "/admin/dead-letters/replay?queue=inventory.order-placed" },
        { "payment", "DELETE", "/admin/dead-letters?all=true" },
        { "notification", "GET", "/admin/dead-letters/queues" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Anonymous_calls_to_protected_endpoints_answer_401_with_a_bearer_challenge(string service, string method, string path)
    {
        using var anonymous = await System.Client(service, user: null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
            request.Content = JsonContent.Create(new { });

        using var response = await anonymous.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
    }

    [Theory]
    [InlineData("inventory", "/products")]
    [InlineData("inventory", "/products/KB-001")]
    [InlineData("order", "/health/ready")]
    [InlineData("payment", "/health/live")]
    [InlineData("notification", "/metrics")]
    public async Task The_catalogue_health_and_metrics_answer_anonymous_callers(string service, string path)
    {
        using var anonymous = await System.Client(service, user: null);

        (await anonymous.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_customers_order_is_not_found_for_read_and_cancel_and_missing_from_their_lists()
    {
        var orderId = await System.PlaceOrder("KB-001", 1, PendingCard); // ada's, pending for 15 s: cancellable
        using var bob = await System.Client("order", "bob");
        using var admin = await System.Client("order", "admin");

        (await bob.GetAsync($"/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bob.PostAsync($"/orders/{orderId}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var bobsList = await bob.GetFromJsonAsync<PaginatedItems<ListOrders.Summary>>("/orders?customerId=ada&pageSize=100");
        bobsList!.Items.Select(o => o.OrderId).Should().NotContain(orderId);

        (await admin.GetAsync($"/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.OK, "an admin sees every order");
        var adminsList = await admin.GetFromJsonAsync<PaginatedItems<ListOrders.Summary>>("/orders?customerId=ada&pageSize=100");
        adminsList!.Items.Select(o => o.OrderId).Should().Contain(orderId);
        var adasList = await System.Order.GetFromJsonAsync<PaginatedItems<ListOrders.Summary>>("/orders?pageSize=100");
        adasList!.Items.Select(o => o.CustomerId).Should().AllBe("ada");

        // Bob's cancel changed nothing: ada can still cancel her order herself.
        var order = await System.GetOrder(orderId);
        order.History.Select(h => h.Event).Should().NotContain(nameof(OrderCancellationRequested));
        (await System.Order.PostAsync($"/orders/{orderId}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Payments_and_notifications_show_a_customer_only_the_records_of_their_own_orders()
    {
        var orderId = await System.PlaceOrder("KB-001", 1, "4242424242424242");
        (await System.WaitUntilFinal(orderId)).Status.Should().Be(nameof(OrderStatus.Confirmed));
        await Wait.Until(async () => (await System.Notifications(orderId)).Count == 1, "ada's notification is recorded");

        foreach (var (service, path) in new[] { ("payment", $"/payments?orderId={orderId}"), ("notification", $"/notifications?orderId={orderId}") })
        {
            using var bob = await System.Client(service, "bob");
            using var admin = await System.Client(service, "admin");
            using var ada = await System.Client(service, "ada");
            (await Count(bob, path)).Should().Be(0, $"bob sees none of ada's {service} records");
            (await Count(ada, path)).Should().Be(1, $"ada sees her {service} record");
            (await Count(admin, path)).Should().Be(1, $"an admin sees every {service} record");
        }

        // Payments and notifications page alike; only the count matters here.
        static async Task<int> Count(HttpClient client, string path) =>
            (await client.GetFromJsonAsync<PaginatedItems<object>>(path))!.Items.Count;
    }

    [Fact]
    public async Task A_customer_cannot_change_the_catalogue_but_an_admin_and_a_machine_with_the_catalogue_scope_can()
    {
        var sku = $"AUTH-{Guid.NewGuid():N}"[..13].ToUpperInvariant();
        var product = new { sku, name = "Guarded widget", unitPrice = 5m, onHand = 3 };
        using var ada = await System.Client("inventory", "ada");
        using var admin = await System.Client("inventory", "admin");

        (await ada.PostAsJsonAsync("/products", product)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.PostAsJsonAsync("/products", product)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await ada.PutAsJsonAsync($"/products/{sku}", new { name = "Cheap widget", unitPrice = 0.01m })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ada.PutAsJsonAsync($"/products/{sku}/stock", new { onHand = 1000 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.PutAsJsonAsync($"/products/{sku}", new { name = "Guarded widget", unitPrice = 6m })).StatusCode.Should().Be(HttpStatusCode.OK);

        using var machine = (await System.Client("inventory", user: null)).SignedIn(await TestIdentity.MachineToken(OrderSystemScopes.CatalogueWrite));
        using var ordersOnly = (await System.Client("inventory", user: null)).SignedIn(await TestIdentity.MachineToken(OrderSystemScopes.Orders));
        (await ordersOnly.PutAsJsonAsync($"/products/{sku}/stock", new { onHand = 9 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await machine.PutAsJsonAsync($"/products/{sku}/stock", new { onHand = 9 })).StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = await System.Product(sku);
        stored.UnitPrice.Should().Be(6m);
        stored.OnHand.Should().Be(9);
    }

    [Fact]
    public async Task A_customer_named_in_the_body_is_refused_and_the_order_belongs_to_the_tokens_subject()
    {
        var refused = await System.PlaceOrder(new
        {
            customerId = "bob",
            customerEmail = "bob@example.com",
            items = new[] { new { sku = "KB-001", quantity = 1 } },
            payment = new { paymentMethodId = await System.PaymentMethod("4242424242424242") },
        });

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await refused.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
        errors["customerId"][0].Should().Contain("signed-in customer");
        errors["customerEmail"][0].Should().Contain("signed-in customer");

        var orderId = await System.PlaceOrder("KB-001", 1, "4242424242424242");
        var order = await System.GetOrder(orderId);
        order.CustomerId.Should().Be("ada");
        order.CustomerEmail.Should().Be("ada@example.com");
    }

    [Fact]
    public async Task A_machine_client_places_orders_as_itself_with_the_orders_scope()
    {
        var token = await TestIdentity.MachineToken(OrderSystemScopes.Orders);
        using var machine = (await System.Client("order", user: null)).SignedIn(token);
        using var machinePayment = (await System.Client("payment", user: null)).SignedIn(token);
        var response = await System.PlaceOrder(new
        {
            items = new[] { new { sku = "KB-001", quantity = 1 } },
            payment = new { paymentMethodId = await System.PaymentMethod("4242424242424242", machinePayment) },
        }, client: machine);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var orderId = (await response.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
        var order = (await machine.GetFromJsonAsync<GetOrder.Response>($"/orders/{orderId}"))!;
        order.CustomerId.Should().Be(IdentityHost.MachineClient);
        order.CustomerEmail.Should().Be("machine@example.com");
        (await System.Order.GetAsync($"/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "ada does not see the machine's order");
    }
}
