using System.Text.Json;

namespace OrderSystem.BrowserTests;

/// <summary>The README tour's requests to Order's Swagger UI, and reading an order back until it is final.</summary>
public static class OrderRequests
{
    /// <summary>A card the simulated gateway approves.</summary>
    public const string ApprovedCard = "4242424242424242";

    /// <summary>A card the simulated gateway declines.</summary>
    public const string DeclinedCard = "4000000000000002";

    /// <summary>How long an order may take to become final on a busy machine.</summary>
    public static readonly TimeSpan FinalWithin = TimeSpan.FromSeconds(60);

    /// <summary>The body of <c>POST /orders</c> as the tour shows it; the customer is the signed-in user, never the body.</summary>
    public static string Body(string sku, int quantity, Guid paymentMethodId) => JsonSerializer.Serialize(new
    {
        items = new[] { new { sku, quantity } },
        payment = new { paymentMethodId },
    });

    /// <summary>
    /// Registers <paramref name="card"/> as the signed-in customer does, in Payment's Swagger UI (<c>POST /payment-methods</c>,
    /// in another tab of the same browser), and returns the payment method id that orders carry instead of the number.
    /// </summary>
    public static async Task<Guid> RegisterCardAsync(SwaggerUi signedIn, string card)
    {
        var tab = await signedIn.Page.Context.NewPageAsync();
        try
        {
            var payment = await SwaggerUi.OpenAsync(tab, LocalSystem.Current.Service("payment"), signedIn.User);
            var response = await payment.SendAsync("POST", "/payment-methods", body: JsonSerializer.Serialize(new { cardNumber = card }));
            if (response.Status is not (200 or 201))
                throw new InvalidOperationException($"POST /payment-methods answered {response.Status}: {response.Body}");
            return response.Json.GetProperty("paymentMethodId").GetGuid();
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    /// <summary>Places an order with "Try it out" on <c>POST /orders</c>; returns the response (202 with the order id).</summary>
    public static Task<SwaggerResponse> PlaceAsync(SwaggerUi order, string body, string? idempotencyKey = null) =>
        order.SendAsync("POST", "/orders", idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey }, body);

    /// <summary>Places an order and returns its id, failing unless the answer is 202.</summary>
    public static async Task<Guid> PlaceAcceptedAsync(SwaggerUi order, string body)
    {
        var response = await PlaceAsync(order, body);
        if (response.Status != 202)
            throw new InvalidOperationException($"POST /orders answered {response.Status}: {response.Body}");
        return response.Json.GetProperty("orderId").GetGuid();
    }

    /// <summary><c>GET /orders/{id}</c>, executed again until the order is Confirmed or Cancelled; returns that response.</summary>
    public static Task<SwaggerResponse> ReadUntilFinalAsync(SwaggerUi order, Guid orderId) =>
        order.SendUntilAsync("GET", "/orders/{id}", new Dictionary<string, string> { ["id"] = orderId.ToString() },
            response => response.Status == 200 && Status(response) is "Confirmed" or "Cancelled",
            FinalWithin, $"order {orderId} is Confirmed or Cancelled");

    /// <summary>The order's status in a <c>GET /orders/{id}</c> response.</summary>
    public static string? Status(SwaggerResponse response) => response.Json.GetProperty("status").GetString();

    /// <summary>Places an approved order of <paramref name="quantity"/> × <paramref name="sku"/> and waits until it is Confirmed.</summary>
    public static async Task<Guid> PlaceConfirmedAsync(SwaggerUi order, string sku, int quantity = 1)
    {
        var orderId = await PlaceAcceptedAsync(order, Body(sku, quantity, await RegisterCardAsync(order, ApprovedCard)));
        var final = await ReadUntilFinalAsync(order, orderId);
        if (Status(final) != "Confirmed")
            throw new InvalidOperationException($"Order {orderId} ended {Status(final)}: {final.Body}");
        return orderId;
    }
}
