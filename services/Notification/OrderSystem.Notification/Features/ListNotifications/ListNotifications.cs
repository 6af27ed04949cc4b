using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Notification.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.ServiceDefaults.Paging;

namespace OrderSystem.Notification.Features.ListNotifications;

/// <summary>
/// <c>GET /notifications</c>: notifications sent, newest first, paged, filterable by order; a customer sees only those of
/// their own orders, an admin all.
/// </summary>
public static class ListNotifications
{
    /// <summary>One notification.</summary>
    public sealed record Item(Guid NotificationId, Guid OrderId, string Kind, string Recipient, string Subject, string? Reason,
        DateTimeOffset SentAt, string Channel);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/notifications", Handle)
            .WithName("ListNotifications")
            .WithTags("Notifications")
            .WithSummary("Lists the emails sent to customers, newest first; filter by orderId.")
            .WithParameterExample("page", "1")
            .WithParameterExample("pageSize", "20")
            .Produces<PaginatedItems<Item>>()
            .ProducesValidationProblem()
            .RequireAuthorization(AuthorizationPolicies.Customer);

    static async Task<IResult> Handle(ClaimsPrincipal caller, NotificationDbContext db, CancellationToken ct, string? orderId = null, string? page = null, string? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? order = null;
        if (orderId is not null)
        {
            if (Guid.TryParse(orderId, out var parsed))
                order = parsed;
            else
                errors["orderId"] = ["Must be a GUID."];
        }

        var paging = PageRequest.Parse(page, pageSize, PageLimits.Default, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Notifications.AsNoTracking();
        if (!caller.SeesEveryCustomer())
        {
            var own = caller.CustomerId();
            query = query.Where(n => n.CustomerId == own);
        }

        if (order is { } id)
            query = query.Where(n => n.OrderId == id);

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(n => n.SentAt)
            .ThenBy(n => n.Id)
            .Skip(paging.Skip)
            .Take(paging.PageSize)
            .ToListAsync(ct);
        var items = rows.Select(n => new Item(n.Id, n.OrderId, n.Kind.ToString(), n.Recipient, n.Subject, n.Reason, n.SentAt, n.Channel)).ToList();
        return TypedResults.Ok(paging.ToPage(total, items));
    }
}
