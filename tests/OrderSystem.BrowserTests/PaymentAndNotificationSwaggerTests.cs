using AwesomeAssertions;

namespace OrderSystem.BrowserTests;

/// <summary>Payment's and Notification's Swagger UI: the capture and the email of a confirmed order.</summary>
public sealed class PaymentAndNotificationSwaggerTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Payment_shows_the_capture_and_Notification_the_email_of_a_confirmed_order()
    {
        var order = await SwaggerUi.OpenAsync(Page, System.Service("order"), user: "bob");
        var orderId = await OrderRequests.PlaceConfirmedAsync(order, TestProduct.Sku);
        var byOrder = new Dictionary<string, string> { ["orderId"] = orderId.ToString() };

        var payment = await SwaggerUi.OpenAsync(Page, System.Service("payment"), user: "bob");
        var payments = await payment.SendAsync("GET", "/payments", byOrder);
        payments.Status.Should().Be(200, payments.Body);
        var capture = payments.Json.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        capture.GetProperty("status").GetString().Should().Be("Captured", payments.Body);
        capture.GetProperty("cardLast4").GetString().Should().Be("4242");

        // The email follows OrderConfirmed: Execute again until it is there.
        var notification = await SwaggerUi.OpenAsync(Page, System.Service("notification"), user: "bob");
        var emails = await notification.SendUntilAsync("GET", "/notifications", byOrder,
            response => response.Status == 200 && response.Json.GetProperty("totalCount").GetInt32() > 0,
            OrderRequests.FinalWithin, $"the email of order {orderId} is listed");
        var email = emails.Json.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        email.GetProperty("recipient").GetString().Should().Be("bob@example.com");
        email.GetProperty("kind").GetString().Should().Be("OrderConfirmed", emails.Body);
    }
}
