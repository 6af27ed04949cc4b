using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using OrderSystem.Payment.Persistence;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Payment.Features.PaymentMethods;

/// <summary>
/// <c>GET /payment-methods</c> (the caller's own cards) and <c>GET /payment-methods/{id}</c> (one of them; another
/// customer's id answers 404, so ids cannot be probed; an admin sees every one).
/// </summary>
public static class ListPaymentMethods
{
    /// <summary>The caller's payment methods, newest first.</summary>
    public sealed record Response(IReadOnlyList<RegisterPaymentMethod.Response> Items);

    /// <summary>Maps both endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/payment-methods", List)
            .WithName("ListPaymentMethods")
            .WithTags("Payment methods")
            .WithSummary("The signed-in customer's payment methods (brand and last four digits only).")
            .Produces<Response>()
            .RequireAuthorization(AuthorizationPolicies.Customer);
        app.MapGet("/payment-methods/{id:guid}", Get)
            .WithName("GetPaymentMethod")
            .WithTags("Payment methods")
            .WithSummary("One of the signed-in customer's payment methods; another customer's id answers 404.")
            .WithParameterExample("id", DemoPaymentMethods.AdaApproved)
            .Produces<RegisterPaymentMethod.Response>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AuthorizationPolicies.Customer);
    }

    static async Task<Response> List(HttpContext http, PaymentDbContext db, CancellationToken ct)
    {
        var customerId = http.User.CustomerId();
        var methods = await db.PaymentMethods.AsNoTracking()
            .Where(m => m.CustomerId == customerId)
            .OrderByDescending(m => m.CreatedAt)
            .Take(100)
            .ToListAsync(ct);
        return new Response([.. methods.Select(RegisterPaymentMethod.ToResponse)]);
    }

    static async Task<IResult> Get(Guid id, HttpContext http, PaymentDbContext db, CancellationToken ct)
    {
        var method = await db.PaymentMethods.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        return method is not null && http.User.MaySee(method.CustomerId)
            ? TypedResults.Ok(RegisterPaymentMethod.ToResponse(method))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown payment method",
                detail: $"No payment method '{id}' of yours.");
    }
}
