using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Notification.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Notification.Features.ListNotifications;

/// <summary>
/// <c>GET /notifications</c>: notifications sent, newest first, paged, filterable by order; a customer sees only those of
/// their own orders, an admin all.
/// </summary>
public static class ListNotifications
{
    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 100;

    /// <summary>One page.</summary>
    public sealed record Response(int Page, int PageSize, int TotalCount, IReadOnlyList<Item> Items);

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
            .Produces<Response>()
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

        var pageNumber = ParseInt(page, 1, "page", 1, int.MaxValue / MaxPageSize, errors);
        var size = ParseInt(pageSize, 20, "pageSize", 1, MaxPageSize, errors);
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
            .Skip((pageNumber - 1) * size)
            .Take(size)
            .ToListAsync(ct);
        var items = rows.Select(n => new Item(n.Id, n.OrderId, n.Kind.ToString(), n.Recipient, n.Subject, n.Reason, n.SentAt, n.Channel)).ToList();
        return TypedResults.Ok(new Response(pageNumber, size, total, items));
    }

    static int ParseInt(string? value, int fallback, string name, int min, int max, Dictionary<string, string[]> errors)
    {
        if (value is null)
            return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
            return parsed;
        errors[name] = [$"Must be a whole number between {min} and {max}."];
        return fallback;
    }
}
