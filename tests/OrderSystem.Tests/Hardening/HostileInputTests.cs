using OrderSystem.ServiceDefaults.Paging;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Notification.Persistence;
using OrderSystem.Order.Persistence;
using OrderSystem.Payment.Persistence;
using OrderSystem.Persistence;
using OrderSystem.Tests.Hosts;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Hardening;

/// <summary>
/// Fuzzes every endpoint of the four services with malformed, oversized, wrongly typed and injection-shaped bodies, query
/// strings, route values and headers: every answer must be a 4xx (never a 5xx, never a success for a rejected input), and
/// afterwards nothing is stored (orders, products, payments, notifications unchanged) and nothing is published.
/// </summary>
public sealed class HostileInputTests(SystemFixture<UnlimitedOrderRate> fixture) : IClassFixture<SystemFixture<UnlimitedOrderRate>>
{
    SystemUnderTest System => fixture.System;

    HttpClient Client(string service) => service switch
    {
        "order" => System.Order,
        "inventory" => System.Inventory,
        "payment" => System.Payment,
        _ => System.Notification,
    };

    [Fact]
    public async Task Every_endpoint_rejects_hostile_input_with_4xx_and_stores_and_publishes_nothing()
    {
        var before = await Snapshot();
        await using var tap = await Tap.Start(System.VirtualHost);
        await Wait.Until(OutboxesRelayed, "the start-up traffic (seeding, catalogue sync) is relayed");
        await tap.Drain();

        var failures = new List<string>();
        var sent = 0;
        foreach (var fuzz in HostileInput.All(await TestIdentity.Token("admin")))
        {
            sent++;
            using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
            if (fuzz.Body is not null)
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(fuzz.Body)) { Headers = { { "Content-Type", fuzz.ContentType } } };
            foreach (var (name, value) in fuzz.Headers ?? new Dictionary<string, string>())
                request.Headers.TryAddWithoutValidation(name, value);

            HttpResponseMessage response;
            try
            {
                response = await Client(fuzz.Service).SendAsync(request);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures.Add($"{fuzz}: threw {exception.GetType().Name}: {exception.Message}");
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status >= 500 || (fuzz.MustReject && status is < 400 or >= 500))
                    failures.Add($"{fuzz}: {status} {Truncate(await response.Content.ReadAsStringAsync())}");
                else if (status >= 400 && status != 405 && response.Content.Headers.ContentType?.MediaType is { } type && type != "application/problem+json")
                    failures.Add($"{fuzz}: {status} answered with {type} instead of ProblemDetails");
            }
        }

        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {sent} hostile requests did not get a 4xx ProblemDetails:\n{string.Join("\n", failures)}");

        await Wait.Until(OutboxesRelayed, "whatever the hostile requests wrote to an outbox is relayed");
        var after = await Snapshot();
        after.Should().BeEquivalentTo(before, "no hostile request may store anything");
        var published = (await tap.Drain()).Where(m => m.RoutingKey != "inventory.product-updated").ToList();
        published.Select(m => $"{m.Exchange}/{m.RoutingKey}").Should().BeEmpty("no hostile request may publish anything");
    }

    [Theory]
    [InlineData("/orders?page=2147483647")]
    [InlineData("/orders?page=21474837")]
    [InlineData("/orders?customerId=%00")]
    [InlineData("/orders?customerId=a%00b")]
    [InlineData("/orders?customerId=%27%20OR%20%271%27%3D%271")]
    [InlineData("/orders?customerId=")]
    public async Task Listing_orders_rejects_an_overflowing_page_and_an_unstorable_customer_id_with_400(string path)
    {
        using var response = await System.Order.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Should().ContainSingle();
    }

    [Fact]
    public async Task Listing_orders_still_accepts_the_largest_page_and_a_valid_customer_id()
    {
        (await System.Order.GetAsync($"/orders?page={PageLimits.Default.MaxPage}&pageSize=100")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await System.Order.GetAsync("/orders?customerId=ada-1.x_y")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>
    /// Whether every service's outbox is empty. A request stores the messages it causes in its service's outbox in the
    /// same transaction as its writes, and the relay deletes them once the broker confirmed them, so the tap holds them then.
    /// </summary>
    async Task<bool> OutboxesRelayed() =>
        await OutboxRelayed<OrderDbContext>("order") && await OutboxRelayed<InventoryDbContext>("inventory")
        && await OutboxRelayed<PaymentDbContext>("payment") && await OutboxRelayed<NotificationDbContext>("notification");

    async Task<bool> OutboxRelayed<TDbContext>(string service) where TDbContext : ServiceDbContext
    {
        await using var scope = System.ServicesOf(service).CreateAsyncScope();
        return !await scope.ServiceProvider.GetRequiredService<TDbContext>().OutboxMessages.AnyAsync();
    }

    static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    async Task<Dictionary<string, string>> Snapshot()
    {
        async Task<string> Total(HttpClient client, string path) =>
            (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("totalCount").GetInt32().ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["orders"] = await Total(System.Order, "/orders?pageSize=1"),
            ["payments"] = await Total(System.Payment, "/payments?pageSize=1"),
            ["notifications"] = await Total(System.Notification, "/notifications?pageSize=1"),
            ["products"] = await System.Inventory.GetStringAsync("/products"),
        };
    }
}
