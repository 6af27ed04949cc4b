using AwesomeAssertions;

namespace OrderSystem.BrowserTests;

/// <summary>The README tour in Order's Swagger UI: place, read back, decline, retry with an Idempotency-Key.</summary>
public sealed class OrderSwaggerTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task An_approved_order_placed_with_Try_it_out_reads_back_Confirmed_with_its_history()
    {
        var order = await SwaggerUi.OpenAsync(Page, System.Service("order"));

        var placed = await OrderRequests.PlaceAsync(order, OrderRequests.Body(TestProduct.Sku, 1, await OrderRequests.RegisterCardAsync(order, OrderRequests.ApprovedCard)));
        placed.Status.Should().Be(202, placed.Body);
        placed.Details.Should().Contain("location", "the 202 answer says where the order is");
        var orderId = placed.Json.GetProperty("orderId").GetGuid();

        var final = await OrderRequests.ReadUntilFinalAsync(order, orderId);
        OrderRequests.Status(final).Should().Be("Confirmed", final.Body);
        final.Body.Should().ContainAll("OrderPlaced", "InventoryReserved", "PaymentCaptured", "OrderConfirmed");
    }

    [Fact]
    public async Task A_declined_card_order_reads_back_Cancelled_with_its_reason()
    {
        var order = await SwaggerUi.OpenAsync(Page, System.Service("order"));

        var orderId = await OrderRequests.PlaceAcceptedAsync(order, OrderRequests.Body(TestProduct.Sku, 1, await OrderRequests.RegisterCardAsync(order, OrderRequests.DeclinedCard)));

        var final = await OrderRequests.ReadUntilFinalAsync(order, orderId);
        OrderRequests.Status(final).Should().Be("Cancelled", final.Body);
        final.Json.GetProperty("cancellationReason").GetString().Should().NotBeNullOrWhiteSpace(final.Body);
        final.Body.Should().Contain("declined", "the reason names the declined payment");
    }

    [Fact]
    public async Task The_same_request_sent_twice_with_one_Idempotency_Key_answers_the_same_order()
    {
        var order = await SwaggerUi.OpenAsync(Page, System.Service("order"));
        var key = $"browser-{Guid.NewGuid():N}";
        var body = OrderRequests.Body(TestProduct.Sku, 1, await OrderRequests.RegisterCardAsync(order, OrderRequests.ApprovedCard));

        var first = await OrderRequests.PlaceAsync(order, body, key);
        var second = await OrderRequests.PlaceAsync(order, body, key);

        first.Status.Should().Be(202, first.Body);
        second.Status.Should().Be(202, second.Body);
        second.Json.GetProperty("orderId").GetGuid().Should().Be(first.Json.GetProperty("orderId").GetGuid());
    }
}
