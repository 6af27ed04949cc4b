using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Order.Features.GetOrder;
using OrderSystem.Order.Persistence;
using OrderSystem.Tests.Hosts;
using PlaceOrderEndpoint = OrderSystem.Order.Features.PlaceOrder.PlaceOrder;

namespace OrderSystem.Tests.Order.Features;

/// <summary>
/// PlaceOrder: <c>POST /orders</c> with an <c>Idempotency-Key</c>, on the whole system with its default settings. Each
/// test orders a product of its own, so "one order" is counted among the orders of that product.
/// </summary>
public sealed class PlaceOrderTests(SystemFixture<DefaultSettings> fixture) : IClassFixture<SystemFixture<DefaultSettings>>
{
    const string Approved = "4242424242424242";

    SystemUnderTest System => fixture.System;

    static string NewKey() => $"key-{Guid.NewGuid():N}";

    /// <summary>A product of the test's own that Order's catalogue replica already knows.</summary>
    async Task<string> NewProduct()
    {
        var sku = await System.CreateProduct(onHand: 100, prefix: "IDEM");
        await System.CatalogueKnows(sku);
        return sku;
    }

    async Task<object> Body(string sku, int quantity = 1) => new
    {
        items = new[] { new { sku, quantity } },
        payment = new { paymentMethodId = await System.PaymentMethod(Approved) },
    };

    /// <summary>The ids of the stored orders with a line of <paramref name="sku"/>.</summary>
    async Task<List<Guid>> OrdersOf(string sku)
    {
        await using var scope = System.OrderServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderDbContext>().Orders.AsNoTracking()
            .Where(o => o.Items.Any(i => i.Sku == sku)).Select(o => o.Id).ToListAsync();
    }

    static async Task<Guid> OrderId(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
    }

    [Fact]
    public async Task The_same_key_and_body_place_one_order_and_answer_with_it_again()
    {
        var sku = await NewProduct();
        var body = await Body(sku);
        var key = NewKey();

        using var first = await System.PlaceOrder(body, key);
        using var again = await System.PlaceOrder(body, key);

        var orderId = await OrderId(first);
        (await OrderId(again)).Should().Be(orderId, "the same key and body replay the first answer");
        again.Headers.Location.Should().Be(first.Headers.Location);
        (await OrdersOf(sku)).Should().Equal(orderId);
    }

    [Fact]
    public async Task Another_body_with_the_same_key_is_a_422_problem_and_places_nothing()
    {
        var sku = await NewProduct();
        var key = NewKey();

        var orderId = await OrderId(await System.PlaceOrder(await Body(sku, quantity: 1), key));
        using var other = await System.PlaceOrder(await Body(sku, quantity: 2), key);

        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        other.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = (await other.Content.ReadFromJsonAsync<ProblemDetails>())!;
        problem.Status.Should().Be(StatusCodes.Status422UnprocessableEntity);
        problem.Title.Should().Be("Idempotency-Key reused");
        (await OrdersOf(sku)).Should().Equal(orderId);
    }

    [Theory]
    [InlineData(PlaceOrderEndpoint.MaxIdempotencyKeyLength + 1)]
    [InlineData(500)]
    public async Task A_key_longer_than_allowed_is_a_400_problem_naming_the_header_and_places_nothing(int length)
    {
        var sku = await NewProduct();

        using var response = await System.PlaceOrder(await Body(sku), new string('k', length));

        await ExpectInvalidKey(response);
        (await OrdersOf(sku)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("del\u007f")]
    public async Task A_key_with_control_characters_is_a_400_problem_naming_the_header_and_places_nothing(string key)
    {
        var sku = await NewProduct();

        using var response = await System.PlaceOrder(await Body(sku), key);

        await ExpectInvalidKey(response);
        (await OrdersOf(sku)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_key_of_the_longest_allowed_length_is_accepted()
    {
        var sku = await NewProduct();
        var key = NewKey().PadRight(PlaceOrderEndpoint.MaxIdempotencyKeyLength, 'k');

        var orderId = await OrderId(await System.PlaceOrder(await Body(sku), key));

        (await OrdersOf(sku)).Should().Equal(orderId);
    }

    [Fact]
    public async Task Concurrent_requests_with_the_same_key_place_one_order_and_all_answer_with_it()
    {
        var sku = await NewProduct();
        var body = await Body(sku);
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => System.PlaceOrder(body, key)));

        var orderIds = await Task.WhenAll(responses.Select(OrderId));
        orderIds.Distinct().Should().ContainSingle("every request with the key answers with the one order");
        (await OrdersOf(sku)).Should().Equal(orderIds[0]);
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_callers_own_order_and_never_another_customers()
    {
        var key = $"key-{Guid.NewGuid():N}";
        // The same body from both (bob's order names ada's payment method, which Payment would decline: not this test's subject).
        var body = new { items = new[] { new { sku = "KB-001", quantity = 1 } }, payment = new { paymentMethodId = await System.PaymentMethod(Approved) } };
        using var bob = await System.Client("order", "bob");

        var first = await System.PlaceOrder(body, key);
        var again = await System.PlaceOrder(body, key);
        var bobs = await System.PlaceOrder(body, key, bob);

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        bobs.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var adasOrder = (await first.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
        (await again.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId.Should().Be(adasOrder, "the same key replays");
        var bobsOrder = (await bobs.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
        bobsOrder.Should().NotBe(adasOrder, "bob's key is his own: he must not learn, or get, ada's order");
        (await bob.GetFromJsonAsync<GetOrder.Response>($"/orders/{bobsOrder}"))!.CustomerId.Should().Be("bob");
    }

    static async Task ExpectInvalidKey(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        // Exactly: camel-casing "Idempotency-Key" gave the half-lowered "idempotency-Key"; header names are
        // case-insensitive, so the key is the header's lower-case (HTTP/2) spelling.
        (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors.Keys
            .Should().ContainSingle().Which.Should().Be("idempotency-key");
    }
}
