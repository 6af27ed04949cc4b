using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderSystem.Contracts;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderSystem.Order.Domain;
using OrderSystem.Order.Features.Fulfilment;
using OrderSystem.Order.Persistence;
using OrderSystem.Persistence.Database;
using OrderSystem.ServiceDefaults;

namespace OrderSystem.Order.Features.PlaceOrder;

/// <summary><c>POST /orders</c>: validate, price from the catalogue replica, store the order and <c>OrderPlaced</c> in one transaction.</summary>
public static class PlaceOrder
{
    /// <summary>Largest quantity accepted on one line.</summary>
    public const int MaxQuantity = 1_000;

    /// <summary>Most lines accepted in one order.</summary>
    public const int MaxLines = 50;

    /// <summary>
    /// The request body. The customer is the signed-in caller (token <c>sub</c> and <c>email</c>); <c>customerId</c> and
    /// <c>customerEmail</c> are still read so that a client sending them gets a clear 400 instead of a silently ignored field.
    /// </summary>
    public sealed record Request(IReadOnlyList<RequestItem>? Items, PaymentDetails? Payment)
    {
        /// <summary>Refused when sent: the customer is the token's subject.</summary>
        public string? CustomerId { get; init; }

        /// <summary>Refused when sent: the email is the token's email claim.</summary>
        public string? CustomerEmail { get; init; }
    }

    /// <summary>One requested line; the price comes from the catalogue, never from the client.</summary>
    public sealed record RequestItem(string? Sku, int Quantity);

    /// <summary>How the order is paid: the id Payment issued for one of the customer's cards (<c>POST /payment-methods</c> on Payment).</summary>
    public sealed record PaymentDetails(Guid? PaymentMethodId);

    public sealed record Response(Guid OrderId, string Status);

    /// <summary>
    /// The documented example: an approved order for a seeded product, paid with the approving card the development
    /// configuration registers for ada (README, guided tour step 3).
    /// </summary>
    public static readonly Request Example = new([new RequestItem("KB-001", 1)], new PaymentDetails(DemoPaymentMethods.AdaApproved));

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/orders", Handle)
            .WithName("PlaceOrder")
            .WithTags("Orders")
            .WithSummary("Places an order for the signed-in customer; stock, payment and confirmation follow asynchronously (poll GET /orders/{id}).")
            .WithDescription("Prices come from the catalogue. Pay with the id of one of your payment methods: register a card with "
                + "POST /payment-methods on Payment (test cards: 4242424242424242 approved, 4000000000000002 declined, "
                + "4000000000009995 insufficient funds, 4000000000000259 approved too late, after the payment timeout). "
                + $"In the local run and docker compose, ada's 4242… card is already registered as {DemoPaymentMethods.AdaApproved} "
                + $"(the example) and her 4000…0002 card as {DemoPaymentMethods.AdaDeclined}. "
                + "Send an Idempotency-Key to retry safely: the same key and body answer with the same order, another body with 422.")
            .WithRequestExample(Example)
            .Produces<Response>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireAuthorization(AuthorizationPolicies.Customer)
            .RequireRateLimiting(RateLimitPolicies.Orders);

    /// <summary>Longest accepted <c>Idempotency-Key</c>.</summary>
    public const int MaxIdempotencyKeyLength = 100;

    // The key is a declared header parameter, so Swagger UI offers a field for it ("retry safely" in the README tour).
    static async Task<IResult> Handle(Request request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyHeader, HttpRequest http,
        OrderDbContext db, IPublishEndpoint publish, TimeProvider clock, CancellationToken ct)
    {
        var customerId = http.HttpContext.User.CustomerId();
        var customerEmail = http.HttpContext.User.Email();
        var idempotencyKey = idempotencyHeader ?? "";
        if (idempotencyKey.Length > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                // Lower case: the JSON's camelCase key policy would make "Idempotency-Key" "idempotency-Key".
                ["idempotency-key"] = [$"At most {MaxIdempotencyKeyLength} printable characters."],
            });

        var errors = Validate(request);
        ValidateCustomer(customerId, customerEmail, request, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        // The key is the caller's: the same key from another customer is another request, never their order. Hashed with
        // the customer id so that it still fits the stored key's 100 characters.
        idempotencyKey = idempotencyKey.Length > 0
            ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{customerId}\n{idempotencyKey}")))
            : "";
        var requestHash = idempotencyKey.Length > 0 ? Hash(request) : "";
        if (idempotencyKey.Length > 0 && await Replay(db, idempotencyKey, requestHash, ct) is { } replay)
            return replay;

        var skus = request.Items!.Select(i => i.Sku!).Distinct().ToList();
        var catalogue = await db.Catalogue.AsNoTracking().Where(c => skus.Contains(c.Sku)).ToDictionaryAsync(c => c.Sku, ct);
        for (var i = 0; i < request.Items!.Count; i++)
        {
            if (!catalogue.ContainsKey(request.Items[i].Sku!))
                errors[$"items[{i}].sku"] = [$"Unknown SKU '{request.Items[i].Sku}'."];
        }

        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow();
        var items = request.Items!
            .GroupBy(i => i.Sku!)
            .Select(g => new OrderItem(g.Key, catalogue[g.Key].Name, g.Sum(i => i.Quantity), catalogue[g.Key].UnitPrice))
            .ToList();
        var order = CustomerOrder.Place(db.NewSequentialId(), customerId, customerEmail!, items, now);
        db.Orders.Add(order);

        // The saga starts in the same transaction. Payment checks that the payment method is this customer's when it charges.
        db.OrderSagas.Add(OrderState.ForPlacedOrder(order, request.Payment!.PaymentMethodId!.Value));
        if (idempotencyKey.Length > 0)
            db.IdempotencyRecords.Add(new IdempotencyRecord { Key = idempotencyKey, RequestHash = requestHash, OrderId = order.Id, CreatedAt = now });

        // The request span and the spans under it (inserts, the outbox write) carry the order id, as every later span does.
        OrderSystem.Messaging.Telemetry.MessagingTelemetry.SetOrderId(System.Diagnostics.Activity.Current, order.Id);
        // Goes to the outbox, not the broker: it commits with the order or not at all.
        await publish.Publish(new OrderPlaced(
            order.Id, order.CustomerId, order.CustomerEmail,
            [.. order.Items.Select(i => new OrderLine(i.Sku, i.Quantity, i.UnitPrice))],
            order.Total, now), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (idempotencyKey.Length > 0 && DatabaseErrors.IsUniqueViolation(exception))
        {
            // A concurrent request with the same key won; answer as it did.
            db.ChangeTracker.Clear();
            return await Replay(db, idempotencyKey, requestHash, ct) ?? throw new InvalidOperationException("Idempotency record vanished.", exception);
        }

        OrderTelemetry.Placed.Add(1);
        return Accepted(order.Id);
    }

    static Accepted<Response> Accepted(Guid orderId) =>
        TypedResults.Accepted($"/orders/{orderId}", new Response(orderId, nameof(OrderStatus.Placed)));

    static async Task<IResult?> Replay(OrderDbContext db, string key, string requestHash, CancellationToken ct)
    {
        var record = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, ct);
        if (record is null)
            return null;
        return record.RequestHash == requestHash
            ? Accepted(record.OrderId)
            : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was already used with a different request body.");
    }

    static string Hash(Request request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    /// <summary>
    /// Refuses a customer named in the body (the order is always the caller's) and a token whose subject or email the
    /// order cannot carry.
    /// </summary>
    static void ValidateCustomer(string customerId, string? customerEmail, Request request, Dictionary<string, string[]> errors)
    {
        if (request.CustomerId is not null)
            errors["customerId"] = ["Not accepted: the order belongs to the signed-in customer (the token's subject)."];
        if (request.CustomerEmail is not null)
            errors["customerEmail"] = ["Not accepted: the order's email is the signed-in customer's (the token's email claim)."];
        if (customerId.Length > 64 || !customerId.All(IsIdCharacter))
            errors["customer"] = ["The token's subject is not a usable customer id (1-64 letters, digits, '-', '_' or '.')."];
        if (!IsEmail(customerEmail))
            errors["customer"] = ["The token carries no valid email address: sign in with the 'email' scope or give the client an email."];
    }

    /// <summary>Checks the request's shape; returns errors keyed by the offending field.</summary>
    public static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Payment?.PaymentMethodId is not { } method || method == Guid.Empty)
            errors["payment.paymentMethodId"] = ["The id of one of your payment methods is required (register a card with POST /payment-methods on Payment)."];

        if (request.Items is null || request.Items.Count == 0)
            errors["items"] = ["At least one item is required."];
        else if (request.Items.Count > MaxLines)
            errors["items"] = [$"At most {MaxLines} items per order."];
        else
        {
            for (var i = 0; i < request.Items.Count; i++)
            {
                var item = request.Items[i];
                if (item is null)
                {
                    errors[$"items[{i}]"] = ["Item is required."];
                    continue;
                }

                if (string.IsNullOrWhiteSpace(item.Sku) || item.Sku.Length > 64 || !item.Sku.All(IsIdCharacter))
                    errors[$"items[{i}].sku"] = ["Required: 1-64 letters, digits, '-', '_' or '.'."];
                if (item.Quantity is <= 0 or > MaxQuantity)
                    errors[$"items[{i}].quantity"] = [$"Must be between 1 and {MaxQuantity}."];
            }
        }

        return errors;
    }

    static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 254 && !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);
}
