using OrderSystem.Order.Domain;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OrderSystem.ServiceDefaults;
using OrderSystem.Order.Persistence;

namespace OrderSystem.Order.Features.GetOrder;

/// <summary><c>GET /orders/{id}</c>: status, items, total, cancellation reason and the history timeline.</summary>
public static class GetOrder
{
    public sealed record Response(
        Guid OrderId,
        string CustomerId,
        string CustomerEmail,
        string Status,
        decimal Total,
        string? CancellationReason,
        DateTimeOffset PlacedAt,
        IReadOnlyList<Item> Items,
        IReadOnlyList<HistoryEntry> History);

    public sealed record Item(string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

    public sealed record HistoryEntry(string Event, DateTimeOffset At, string? Detail);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/orders/{id:guid}", Handle)
            .WithName("GetOrder")
            .WithTags("Orders")
            .WithSummary("One order: status, items, total, cancellation reason and its history (the id is in POST /orders' answer).")
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AuthorizationPolicies.Customer);

    static async Task<IResult> Handle(Guid id, ClaimsPrincipal caller, OrderDbContext db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        // Another customer's order is "not found", not "forbidden": ids cannot be probed.
        return order is null || !caller.MaySee(order.CustomerId)
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"No order {id}.")
            : TypedResults.Ok(ToResponse(order));
    }

    public static Response ToResponse(CustomerOrder order) => new(
        order.Id, order.CustomerId, order.CustomerEmail, order.Status.ToString(), order.Total, order.CancellationReason, order.PlacedAt,
        [.. order.Items.Select(i => new Item(i.Sku, i.Name, i.Quantity, i.UnitPrice, i.LineTotal))],
        [.. order.History.OrderBy(h => h.At).Select(h => new HistoryEntry(h.Event, h.At, h.Detail))]);
}
