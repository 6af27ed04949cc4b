using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Persistence;
using OrderSystem.ServiceDefaults;
using OrderSystem.ServiceDefaults.Paging;

namespace OrderSystem.Payment.Features.ListPayments;

/// <summary>
/// <c>GET /payments</c>: payment records, newest first, paged, filterable by order and status; a customer sees only those
/// of their own orders, an admin all.
/// </summary>
public static class ListPayments
{
    /// <summary>One payment record; the card appears only as its last four digits.</summary>
    public sealed record Item(
        Guid PaymentId,
        Guid OrderId,
        string Status,
        decimal Amount,
        string? CardLast4,
        string? Reason,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        DateTimeOffset? CaptureDueAt,
        DateTimeOffset? CapturedAt,
        DateTimeOffset? RefundedAt);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/payments", Handle)
            .WithName("ListPayments")
            .WithTags("Payments")
            .WithSummary("Lists payments (captures, declines, refunds), newest first; filter by orderId and status.")
            .WithParameterExample("page", "1")
            .WithParameterExample("pageSize", "20")
            .Produces<PaginatedItems<Item>>()
            .ProducesValidationProblem()
            .RequireAuthorization(AuthorizationPolicies.Customer);

    static async Task<IResult> Handle(ClaimsPrincipal caller, PaymentDbContext db, CancellationToken ct, string? orderId = null, string? status = null,
        string? page = null, string? pageSize = null)
    {
        var query = Validate(orderId, status, page, pageSize, out var errors);
        if (query is null)
            return TypedResults.ValidationProblem(errors);

        var payments = db.Payments.AsNoTracking();
        if (!caller.SeesEveryCustomer())
        {
            var own = caller.CustomerId();
            payments = payments.Where(p => p.CustomerId == own);
        }

        if (query.OrderId is { } order)
            payments = payments.Where(p => p.OrderId == order);
        if (query.Status is { } wanted)
            payments = payments.Where(p => p.Status == wanted);

        var total = await payments.CountAsync(ct);
        var rows = await payments
            .OrderByDescending(p => p.CreatedAt)
            .ThenBy(p => p.Id)
            .Skip(query.Paging.Skip)
            .Take(query.Paging.PageSize)
            .ToListAsync(ct);
        var items = rows.Select(p => new Item(p.Id, p.OrderId, p.Status.ToString(), p.Amount, p.CardLast4, p.Reason, p.CreatedAt, p.UpdatedAt,
            p.CaptureDueAt, p.CapturedAt, p.RefundedAt)).ToList();
        return TypedResults.Ok(query.Paging.ToPage(total, items));
    }

    /// <summary>A validated query.</summary>
    public sealed record Query(Guid? OrderId, PaymentStatus? Status, PageRequest Paging);

    /// <summary>Parses the query string; on failure returns null and the errors keyed by parameter name.</summary>
    public static Query? Validate(string? orderId, string? status, string? page, string? pageSize, out Dictionary<string, string[]> errors)
    {
        errors = [];
        Guid? order = null;
        if (orderId is not null)
        {
            if (Guid.TryParse(orderId, out var parsed))
                order = parsed;
            else
                errors["orderId"] = ["Must be a GUID."];
        }

        PaymentStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<PaymentStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !status.Any(char.IsAsciiDigit))
                statusFilter = parsed;
            else
                errors["status"] = [$"One of: {string.Join(", ", Enum.GetNames<PaymentStatus>())}."];
        }

        var paging = PageRequest.Parse(page, pageSize, PageLimits.Default, errors);
        return errors.Count > 0 ? null : new Query(order, statusFilter, paging);
    }
}
