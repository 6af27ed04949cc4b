using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Order.Features.ListOrders;

/// <summary>
/// <c>GET /orders</c>: newest first, paged, filterable by status; a customer sees only their own orders, an admin every
/// customer's (and may filter by customer).
/// </summary>
public static class ListOrders
{
    /// <summary>One page.</summary>
    public sealed record Response(int Page, int PageSize, int TotalCount, IReadOnlyList<Summary> Items);

    /// <summary>One order in the list.</summary>
    public sealed record Summary(Guid OrderId, string CustomerId, string Status, decimal Total, DateTimeOffset PlacedAt, string? CancellationReason);

    /// <summary>Highest page number (keeps the row offset within an int).</summary>
    public const int MaxPage = int.MaxValue / 100;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/orders", Handle)
            .WithName("ListOrders")
            .WithTags("Orders")
            .WithSummary("Lists orders, newest first; filter by customerId and status (Placed, StockReserved, PaymentCaptured, Confirmed, Cancelling, Cancelled).")
            .WithParameterExample("page", 1)
            .WithParameterExample("pageSize", 20)
            .Produces<Response>()
            .ProducesValidationProblem()
            .RequireAuthorization(AuthorizationPolicies.Customer);

    static async Task<IResult> Handle(ClaimsPrincipal caller, OrderDbContext db, CancellationToken ct, string? customerId = null, string? status = null, int page = 1,
        int pageSize = 20)
    {
        var errors = new Dictionary<string, string[]>();
        // Capped so that (page - 1) * pageSize cannot overflow into a negative OFFSET (a 500 before).
        if (page is < 1 or > MaxPage)
            errors["page"] = [$"Must be between 1 and {MaxPage}."];
        if (pageSize is < 1 or > 100)
            errors["pageSize"] = ["Must be between 1 and 100."];
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
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(o => new { o.Id, o.CustomerId, o.Status, o.Total, o.PlacedAt, o.CancellationReason })
            .ToListAsync(ct);
        var items = rows.Select(o => new Summary(o.Id, o.CustomerId, o.Status.ToString(), o.Total, o.PlacedAt, o.CancellationReason)).ToList();
        return TypedResults.Ok(new Response(page, pageSize, total, items));
    }
}
