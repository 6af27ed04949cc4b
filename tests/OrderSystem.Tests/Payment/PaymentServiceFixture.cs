using System.Net.Http.Json;
using System.Text.Json;
using OrderSystem.Tests.Support;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Persistence;

namespace OrderSystem.Tests.Payment;

/// <summary>The Payment service on the real RabbitMQ and PostgreSQL (one service, one vhost, one database for the class).</summary>
public sealed class PaymentServiceFixture : IAsyncLifetime
{
    /// <summary>Short enough for a test, long enough that a refund sent right after the request lands before it.</summary>
    public static readonly TimeSpan DelayedApproval = TimeSpan.FromSeconds(3);

    /// <summary>The customer who registered <see cref="PaymentMethods"/>.</summary>
    public const string Customer = "ada";

    /// <summary>A well-formed number that is none of the test cards.</summary>
    public const string UnknownCard = "5555555555554444";

    public InProcessService<PaymentDbContext> Service { get; private set; } = null!;

    /// <summary><see cref="Customer"/>'s payment method of each test card (and <see cref="UnknownCard"/>), registered over HTTP.</summary>
    public Dictionary<string, Guid> PaymentMethods { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Service = await InProcessService.Start<PaymentDbContext>("payment", Exchanges.Payment, new()
        {
            ["Payment:DelayedApprovalDelay"] = DelayedApproval.ToString(),
            ["Payment:CapturePollInterval"] = "00:00:00.100",
        });
        using var customer = await Service.Client(Customer);
        foreach (var card in new[] { TestCards.Approved, TestCards.Declined, TestCards.InsufficientFunds, TestCards.DelayedApproval, UnknownCard })
        {
            using var response = await customer.PostAsJsonAsync("/payment-methods", new { cardNumber = card });
            response.EnsureSuccessStatusCode();
            PaymentMethods[card] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentMethodId").GetGuid();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
            await Service.DisposeAsync();
    }
}
