using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderSystem.Inventory.Domain;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Order.Features.GetOrder;
using OrderSystem.Payment.Features.ListPayments;
using OrderSystem.Tests.Hosts;
using PlaceOrderEndpoint = OrderSystem.Order.Features.PlaceOrder.PlaceOrder;

namespace OrderSystem.Tests.Tour;

/// <summary>What the tour tests look at after sending a request: the order, its reservation and its payments.</summary>
public static class TourChecks
{
    /// <summary>Places <paramref name="body"/> (asserting 202) and returns the order id.</summary>
    public static async Task<Guid> Place(SystemUnderTest system, System.Text.Json.Nodes.JsonObject body)
    {
        using var response = await GuidedTour.PlaceOrder(system, body);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /orders answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PlaceOrderEndpoint.Response>())!.OrderId;
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
    public static async Task<ListPayments.Item> PaymentWith(SystemUnderTest system, Guid orderId, string status, TimeSpan? timeout = null)
    {
        ListPayments.Item? payment = null;
        await Wait.Until(async () => (payment = (await system.Payments(orderId)).FirstOrDefault(p => p.Status == status)) is not null,
            $"order {orderId} has a {status} payment", timeout);
        return payment!;
    }

    /// <summary>The events of the order's history, oldest first.</summary>
    public static string[] History(GetOrder.Response order) => [.. order.History.Select(h => h.Event)];

    /// <summary>When the order's history recorded <paramref name="eventName"/>.</summary>
    public static DateTimeOffset At(GetOrder.Response order, string eventName) => order.History.First(h => h.Event == eventName).At;

    /// <summary>Reads the ProblemDetails' validation errors.</summary>
    public static async Task<IDictionary<string, string[]>> Errors(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
}
