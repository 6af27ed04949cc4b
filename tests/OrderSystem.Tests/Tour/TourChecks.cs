using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Tests.EndToEnd;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Tour;

/// <summary>What the tour tests look at after sending a request: the order, its reservation and its payments.</summary>
public static class TourChecks
{
    /// <summary>Places <paramref name="body"/> (asserting 202) and returns the order id.</summary>
    public static async Task<Guid> Place(SystemUnderTest system, System.Text.Json.Nodes.JsonObject body)
    {
        using var response = await GuidedTour.PlaceOrder(system, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /orders answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetGuid();
    }

    /// <summary>The status of Inventory's reservation for the order (null while there is none).</summary>
    public static async Task<ReservationStatus?> Reservation(SystemUnderTest system, Guid orderId)
    {
        await using var scope = system.ServicesOf("inventory").CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        return await db.Reservations.AsNoTracking().Where(r => r.OrderId == orderId).Select(r => (ReservationStatus?)r.Status).SingleOrDefaultAsync();
    }

    /// <summary>Waits until the stock reserved for the order is released.</summary>
    public static Task StockReleased(SystemUnderTest system, Guid orderId) =>
        Wait.Until(async () => await Reservation(system, orderId) == ReservationStatus.Released, $"the stock of order {orderId} is released");

    /// <summary>Waits until one of the order's payments has <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonElement> PaymentWith(SystemUnderTest system, Guid orderId, string status, TimeSpan? timeout = null)
    {
        JsonElement payment = default;
        await Wait.Until(async () =>
        {
            var found = (await system.Payments(orderId)).Where(p => p.GetProperty("status").GetString() == status).ToList();
            payment = found.FirstOrDefault();
            return found.Count > 0;
        }, $"order {orderId} has a {status} payment", timeout);
        return payment;
    }

    /// <summary>The events of the order's history, oldest first.</summary>
    public static string[] History(JsonElement order) =>
        [.. order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString()!)];

    /// <summary>When the order's history recorded <paramref name="eventName"/>.</summary>
    public static DateTimeOffset At(JsonElement order, string eventName) =>
        order.GetProperty("history").EnumerateArray().First(h => h.GetProperty("event").GetString() == eventName).GetProperty("at").GetDateTimeOffset();

    /// <summary>Reads the ProblemDetails' validation errors.</summary>
    public static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
}
