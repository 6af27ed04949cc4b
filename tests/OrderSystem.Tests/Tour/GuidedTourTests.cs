using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Order.Features.GetOrder;
using OrderSystem.Order.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.Order.Domain;
using OrderSystem.Payment.Domain;
using OrderSystem.Tests.Hosts;
using static OrderSystem.Tests.Tour.TourChecks;
using PlaceOrderEndpoint = OrderSystem.Order.Features.PlaceOrder.PlaceOrder;

namespace OrderSystem.Tests.Tour;

/// <summary>
/// The README's guided tour, row by row, on all four services (in-process, real RabbitMQ and PostgreSQL, the local run's
/// development settings: <see cref="DevelopmentSettings"/>): each test sends the request the README shows and checks the result it promises. The slow payment-timeout
/// row is <see cref="GuidedTourTimeoutTests"/>, which runs in parallel on the same system.
/// </summary>
public sealed class GuidedTourTests(SystemFixture<DevelopmentSettings> shared) : IClassFixture<SystemFixture<DevelopmentSettings>>
{
    SystemUnderTest System => shared.System;

    [Fact]
    public void Step_3_request_is_the_example_of_POST_orders_in_Swagger()
    {
        // As ExampleOperationFilter writes it: the service's JSON rules, unset optional fields left out.
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        JsonDefaults.Apply(json);

        var example = JsonSerializer.SerializeToNode(PlaceOrderEndpoint.Example, json);

        JsonNode.DeepEquals(GuidedTour.ApprovedRequest(), example).Should().BeTrue($"README: {GuidedTour.ApprovedRequest().ToJsonString()}, Swagger: {example!.ToJsonString()}");
    }

    [Fact]
    public async Task Step_3_approved_order_is_confirmed_with_the_promised_history_capture_and_email()
    {
        using var response = await GuidedTour.PlaceOrder(System, GuidedTour.Request());

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        GuidedTour.ApprovedStep.Should().Contain("`202 Accepted` with a `Location`");
        var orderId = (await response.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
        response.Headers.Location!.ToString().Should().Be($"/orders/{orderId}");

        var order = await System.WaitUntilFinal(orderId);
        order.Status.Should().Be(nameof(OrderStatus.Confirmed));
        History(order).Should().Equal(PromisedHistory());
        var capture = await PaymentWith(System, orderId, nameof(PaymentStatus.Captured));
        capture.Amount.Should().Be(order.Total);
        capture.CardLast4.Should().Be(Regex.Match(GuidedTour.ApprovedStep, "card ending `(\\d{4})`").Groups[1].Value);
        await Wait.Until(async () => (await System.Notifications(orderId)).Count == 1, "the customer got the email");
    }

    [Fact]
    public async Task Out_of_stock_is_cancelled_with_its_reason_and_nothing_charged()
    {
        var row = GuidedTour.Row("out of stock");

        var orderId = await Place(System, GuidedTour.Request(row.Changes.Single()));

        var order = await System.WaitUntilFinal(orderId);
        order.Status.Should().Be(row.Promises[0]);
        order.CancellationReason.Should().StartWith(row.Promises[1].TrimEnd('…'));
        (await System.Payments(orderId)).Should().BeEmpty("nothing is charged when the stock is missing");
    }

    [Theory]
    [InlineData("declined card")]
    [InlineData("insufficient funds")]
    [InlineData("someone else's card")]
    public async Task Declined_payment_is_cancelled_with_its_reason_and_the_stock_released(string what)
    {
        var row = GuidedTour.Row(what);

        var orderId = await Place(System, await GuidedTour.RequestFor(System, row));

        var order = await System.WaitUntilFinal(orderId);
        order.Status.Should().Be(row.Promises[0]);
        order.CancellationReason.Should().Be(row.Promises[1]);
        row.Result.Should().Contain("stock released");
        await StockReleased(System, orderId);
    }

    [Fact]
    public async Task Customer_cancellation_releases_the_stock_and_voids_the_pending_payment()
    {
        var row = GuidedTour.Row("customer cancellation");
        var orderId = await Place(System, await GuidedTour.RequestFor(System, row));
        await PaymentWith(System, orderId, row.Mentions.Single());

        var (method, path) = row.FollowUp;
        using var cancel = await System.Order.SendAsync(new HttpRequestMessage(method, path.Replace("{id}", orderId.ToString())));

        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var order = await System.WaitUntilFinal(orderId);
        order.Status.Should().Be(row.Promises[0]);
        order.CancellationReason.Should().Be(row.Promises[1]);
        await StockReleased(System, orderId);
        row.Result.Should().Contain("the pending payment voided");
        await PaymentWith(System, orderId, row.Promises[2]);
        (await System.Payments(orderId)).Should().ContainSingle("the voided payment is the only one");
    }

    [Fact]
    public async Task Cancelling_a_final_order_is_refused()
    {
        var row = GuidedTour.Row("cancel a final order");
        row.Changes.Should().BeEmpty("the row sends the step-3 request as it is");
        var orderId = await Place(System, GuidedTour.Request());
        (await System.WaitUntilFinal(orderId)).Status.Should().Be(row.Mentions.Single());

        var (method, path) = row.FollowUp;
        using var cancel = await System.Order.SendAsync(new HttpRequestMessage(method, path.Replace("{id}", orderId.ToString())));

        ((int)cancel.StatusCode).Should().Be(row.PromisedStatusCode);
        (await System.GetOrder(orderId)).Status.Should().Be(nameof(OrderStatus.Confirmed));
    }

    [Fact]
    public async Task Retry_with_the_same_idempotency_key_gives_one_order_and_another_body_is_refused()
    {
        var row = GuidedTour.Row("retry safely");
        var (header, key) = row.Header;
        header.Should().Be("Idempotency-Key");

        using var first = await GuidedTour.PlaceOrder(System, GuidedTour.Request(), key);
        using var second = await GuidedTour.PlaceOrder(System, GuidedTour.Request(), key);
        using var otherBody = await GuidedTour.PlaceOrder(System, GuidedTour.Request(row.Changes.Single()), key);

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(first.StatusCode);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync(), "the same answer twice");
        second.Headers.Location.Should().Be(first.Headers.Location);
        var orderId = (await first.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
        await using (var scope = System.OrderServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
            // The stored key is the caller's own (hashed with the customer), so it is found by the order it names.
            (await db.IdempotencyRecords.CountAsync(r => r.OrderId == orderId)).Should().Be(1, "one order");
        }

        ((int)otherBody.StatusCode).Should().Be(row.PromisedStatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        var row = GuidedTour.Row("bad input");
        row.Changes.Should().NotBeEmpty();

        foreach (var change in row.Changes)
        {
            var field = change.Single().Key;
            using var response = await GuidedTour.PlaceOrder(System, GuidedTour.Request(change));

            ((int)response.StatusCode).Should().Be(row.PromisedStatusCode, change.ToJsonString());
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await Errors(response)).Keys.Should().Contain(key => key.EndsWith(field, StringComparison.OrdinalIgnoreCase),
                $"the ProblemDetails of {change.ToJsonString()} names the field");
            // OrderPlaced is published through the outbox in the order's transaction: no stored order, nothing published.
            // Checked by the bad value itself; a field the request does not have (customerId) leaves no trace to look for.
            if (GuidedTour.ApprovedRequest().ToJsonString().Contains($"\"{field}\"", StringComparison.Ordinal))
                (await StoredOrders()).Should().NotContain(order => Has(order, field, change[field]), $"{change.ToJsonString()} was refused");
        }
    }

    [Fact]
    public async Task Someone_elses_order_is_not_found_and_the_admin_sees_it()
    {
        var row = GuidedTour.Row("someone else's order");
        row.Change.Should().Contain("`bob`").And.Contain("`GET`").And.Contain("`cancel`");
        row.Result.Should().Contain("`admin` sees every order");
        var orderId = await Place(System, GuidedTour.Request());
        using var bob = await System.Client("order", "bob");
        using var admin = await System.Client("order", "admin");

        using var read = await bob.GetAsync($"/orders/{orderId}");
        using var cancel = await bob.PostAsync($"/orders/{orderId}/cancel", null);

        ((int)read.StatusCode).Should().Be(row.PromisedStatusCode);
        ((int)cancel.StatusCode).Should().Be(row.PromisedStatusCode);
        (await admin.GetAsync($"/orders/{orderId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_the_catalogue_is_forbidden_to_a_customer_and_allowed_to_the_admin()
    {
        var row = GuidedTour.Row("change the catalogue");
        var (method, path) = row.FollowUp;
        row.Change.Should().Contain("as `ada`");
        row.Result.Should().Contain("as `admin`");
        var promised = row.Promises.Where(p => p.All(char.IsAsciiDigit)).Select(int.Parse).ToList();
        // The README shows no body: the documented Swagger example of this operation (same name and price, harmless).
        var body = new { name = "Mechanical keyboard", unitPrice = 89.00m };
        using var ada = await System.Client("inventory", "ada");
        using var admin = await System.Client("inventory", "admin");

        using var asAda = await ada.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        using var asAdmin = await admin.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

        ((int)asAda.StatusCode).Should().Be(promised[0]);
        ((int)asAdmin.StatusCode).Should().Be(promised[1], await asAdmin.Content.ReadAsStringAsync());
    }

    async Task<List<JsonNode>> StoredOrders()
    {
        await using var scope = System.OrderServices.CreateAsyncScope();
        var orders = await scope.ServiceProvider.GetRequiredService<OrderDbContext>().Orders.AsNoTracking().ToListAsync();
        return [.. orders.Select(o => JsonSerializer.SerializeToNode(GetOrder.ToResponse(o), JsonSerializerOptions.Web)!)];
    }

    static bool Has(JsonNode? node, string field, JsonNode? value) => node switch
    {
        JsonObject obj => obj.Any(p => (p.Key == field && JsonNode.DeepEquals(p.Value, value)) || Has(p.Value, field, value)),
        JsonArray array => array.Any(item => Has(item, field, value)),
        _ => false,
    };

    static string[] PromisedHistory()
    {
        var arrows = Regex.Match(GuidedTour.ApprovedStep, "`([A-Za-z]+(?: → [A-Za-z]+)+)`").Groups[1].Value;
        return arrows.Split(" → ");
    }
}
