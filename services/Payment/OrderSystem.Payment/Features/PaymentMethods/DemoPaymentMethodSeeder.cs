using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Persistence;
using OrderSystem.Persistence.Database;

namespace OrderSystem.Payment.Features.PaymentMethods;

/// <summary>
/// In development only (<see cref="PaymentMethodOptions.SeedDemoMethods"/>), registers the demo customers' test cards
/// under the fixed ids of <see cref="DemoPaymentMethods"/>, stored as <c>POST /payment-methods</c> stores a card (keyed
/// fingerprint, brand, last four digits, no number). Runs after the migrations; a method already there is left alone.
/// </summary>
public sealed class DemoPaymentMethodSeeder(
    IServiceScopeFactory scopes, IOptions<PaymentMethodOptions> options, CardFingerprints fingerprints, TimeProvider clock,
    ILogger<DemoPaymentMethodSeeder> logger) : IHostedService
{
    /// <summary>The seeded payment methods: id, customer (the demo account's <c>sub</c>, its user name) and test card.</summary>
    public static readonly IReadOnlyList<(Guid Id, string CustomerId, string CardNumber)> Methods =
    [
        (DemoPaymentMethods.AdaApproved, "ada", TestCards.Approved),
        (DemoPaymentMethods.AdaDeclined, "ada", TestCards.Declined),
        (DemoPaymentMethods.BobApproved, "bob", TestCards.Approved),
        (DemoPaymentMethods.BobDeclined, "bob", TestCards.Declined),
    ];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoMethods)
            return;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentDbContext>();
        foreach (var (id, customerId, cardNumber) in Methods)
            await Seed(db, id, customerId, cardNumber, cancellationToken);
        logger.LogWarning("Demo payment methods of ada and bob are registered (PaymentMethods:SeedDemoMethods): for development only");
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task Seed(PaymentDbContext db, Guid id, string customerId, string cardNumber, CancellationToken ct)
    {
        if (await db.PaymentMethods.AnyAsync(m => m.Id == id, ct))
            return;

        db.PaymentMethods.Add(RegisterPaymentMethod.FromCard(id, customerId, cardNumber, fingerprints.Of(cardNumber), clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            // Another replica seeded it, or the customer had registered this card before the setting was on: that earlier
            // id keeps working, the documented one does not exist for them.
            db.ChangeTracker.Clear();
            if (!await db.PaymentMethods.AnyAsync(m => m.Id == id, ct))
                logger.LogWarning("Demo payment method {PaymentMethodId} not seeded: {CustomerId} already registered that card under another id", id, customerId);
        }
    }
}
