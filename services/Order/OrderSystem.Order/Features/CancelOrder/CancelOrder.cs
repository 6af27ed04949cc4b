using System.Security.Claims;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Order.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Order.Features.CancelOrder;

/// <summary><c>POST /orders/{id}/cancel</c>: the customer's cancellation, handed to the saga.</summary>
public static class CancelOrder
{
    /// <summary>The reason the saga records for a customer's cancellation.</summary>
    public const string Reason = "Cancelled by customer";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/orders/{id:guid}/cancel", Handle)
            .WithName("CancelOrder")
            .WithTags("Orders")
            .WithSummary("Asks to cancel an order that is not final yet; stock is released and any payment undone. 409 on a final order.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthorizationPolicies.Customer);

    static async Task<IResult> Handle(Guid id, ClaimsPrincipal caller, OrderDbContext db, IPublishEndpoint publish, TimeProvider clock,
        CancellationToken ct)
    {
        // Read only: the saga owns the order's row, and a write here would race its updates (and other cancels).
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        // Another customer's order is "not found", as for GET: ids cannot be probed.
        if (order is null || !caller.MaySee(order.CustomerId))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"No order {id}.");
        if (order.IsFinal)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Order is final",
                detail: $"Order {id} is already {order.Status} and can no longer be cancelled.");

        // 202: the saga decides, and records the request on the order's history when it acts on it. If the order
        // becomes final in the meantime, the request is ignored. The outbox row is all this request writes.
        await publish.Publish(new OrderCancellationRequested(id, Reason, clock.GetUtcNow()), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/orders/{id}");
    }
}
