using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.ServiceDefaults.Paging;

namespace OrderSystem.Order.Features.ListOrders;

/// <summary>
/// <c>GET /orders</c>: newest first, paged, filterable by status; a customer sees only their own orders, an admin every
/// customer's (and may filter by customer).
/// </summary>
public static class ListOrders
{
    /// <summary>One order in the list.</summary>
    public sealed record Summary(Guid OrderId, string CustomerId, string Status, decimal Total, DateTimeOffset PlacedAt, string? CancellationReason);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/orders", Handle)
            .WithName("ListOrders")
            .WithTags("Orders")
            .WithSummary("Lists orders, newest first; filter by customerId and status (Placed, StockReserved, PaymentCaptured, Confirmed, Cancelling, Cancelled).")
            .WithParameterExample("page", "1")
            .WithParameterExample("pageSize", "20")
            .Produces<PaginatedItems<Summary>>()
            .ProducesValidationProblem()
            .RequireAuthorization(AuthorizationPolicies.Customer);

    static async Task<IResult> Handle(ClaimsPrincipal caller, OrderDbContext db, CancellationToken ct, string? customerId = null, string? status = null,
        string? page = null, string? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = PageRequest.Parse(page, pageSize, PageLimits.Default, errors);
        OrderStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                statusFilter = parsed;
            else
                errors["status"] = [$"One of: {string.Join(", ", Enum.GetNames<OrderStatus>())}."];
        }

        // The rule POST /orders applies: anything else can match no order, and a NUL made PostgreSQL fail (a 500 before).
        if (customerId is not null && (customerId.Length is 0 or > 64 || !customerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            errors["customerId"] = ["1-64 letters, digits, '-', '_' or '.'."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Orders.AsNoTracking();
        if (!caller.SeesEveryCustomer())
        {
            // Combined with a customerId filter naming someone else this gives an empty page, never their orders.
            var own = caller.CustomerId();
            query = query.Where(o => o.CustomerId == own);
        }

        if (customerId is not null)
            query = query.Where(o => o.CustomerId == customerId);
        if (statusFilter is not null)
            query = query.Where(o => o.Status == statusFilter);

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(o => o.PlacedAt)
            .Skip(paging.Skip)
            .Take(paging.PageSize)
            .Select(o => new { o.Id, o.CustomerId, o.Status, o.Total, o.PlacedAt, o.CancellationReason })
            .ToListAsync(ct);
        var items = rows.Select(o => new Summary(o.Id, o.CustomerId, o.Status.ToString(), o.Total, o.PlacedAt, o.CancellationReason)).ToList();
        return TypedResults.Ok(paging.ToPage(total, items));
    }
}
