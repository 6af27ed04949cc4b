using Microsoft.EntityFrameworkCore;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Payment.Features.PaymentMethods;

/// <summary>
/// <c>POST /payment-methods</c>: the signed-in customer registers a card and gets an opaque <c>paymentMethodId</c> to
/// order with. The number stops here: it is checked, fingerprinted with a key, reduced to brand and last four digits and
/// its test-card behaviour, and never stored, logged, echoed or sent on.
/// </summary>
public static class RegisterPaymentMethod
{
    /// <summary>The card to register (simulated gateway: see the test cards in services/Payment/README.md).</summary>
    public sealed record Request(string? CardNumber);

    /// <summary>The registered payment method.</summary>
    public sealed record Response(Guid PaymentMethodId, string Brand, string Last4, DateTimeOffset CreatedAt);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/payment-methods", Handle)
            .WithName("RegisterPaymentMethod")
            .WithTags("Payment methods")
            .WithSummary("Registers a card of the signed-in customer; the same card again answers 200 with the same id.")
            .WithDescription("Test cards: 4242424242424242 approved, 4000000000000002 declined, 4000000000009995 insufficient funds, "
                + "4000000000000259 approved too late (after Order's payment timeout). The number is never stored: order with the paymentMethodId.")
            .WithRequestExample(new Request(TestCards.Approved))
            .Produces<Response>(StatusCodes.Status201Created)
            .Produces<Response>()
            .ProducesValidationProblem()
            .RequireAuthorization(AuthorizationPolicies.Customer);

    static async Task<IResult> Handle(Request request, HttpContext http, PaymentDbContext db, CardFingerprints fingerprints, TimeProvider clock,
        CancellationToken ct)
    {
        var customerId = http.User.CustomerId();
        // The error names the rule, never the value: the rejected input may still be a real card number.
        if (!TestCards.IsWellFormed(request.CardNumber))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cardNumber"] = ["A card number of 12-19 digits is required."] });
        if (customerId.Length > PaymentMethod.MaxCustomerIdLength)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["customer"] = ["The token's subject is too long to own a payment method."] });

        var cardNumber = request.CardNumber!;
        var fingerprint = fingerprints.Of(cardNumber);
        if (await Find(db, customerId, fingerprint, ct) is { } known)
            return TypedResults.Ok(ToResponse(known));

        var method = FromCard(db.NewSequentialId(), customerId, cardNumber, fingerprint, clock.GetUtcNow());
        db.PaymentMethods.Add(method);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            // The same customer registered the same card concurrently: both get the one that won.
            db.ChangeTracker.Clear();
            return TypedResults.Ok(ToResponse(await Find(db, customerId, fingerprint, ct)
                ?? throw new InvalidOperationException("The concurrently registered payment method vanished.", exception)));
        }

        return TypedResults.Created($"/payment-methods/{method.Id}", ToResponse(method));
    }

    /// <summary>
    /// What is kept of a well-formed <paramref name="cardNumber"/>: brand, last four digits, its <paramref name="fingerprint"/>
    /// and the test-card behaviour, never the number.
    /// </summary>
    public static PaymentMethod FromCard(Guid id, string customerId, string cardNumber, string fingerprint, DateTimeOffset now) =>
        PaymentMethod.Register(id, customerId, CardBrands.Of(cardNumber), TestCards.Last4(cardNumber)!, fingerprint, TestCards.Decide(cardNumber), now);

    static Task<PaymentMethod?> Find(PaymentDbContext db, string customerId, string fingerprint, CancellationToken ct) =>
        db.PaymentMethods.AsNoTracking().SingleOrDefaultAsync(m => m.CustomerId == customerId && m.Fingerprint == fingerprint, ct);

    /// <summary>What the customer sees of a payment method.</summary>
    public static Response ToResponse(PaymentMethod method) => new(method.Id, method.Brand, method.Last4, method.CreatedAt);
}
