using System.Net.Http.Json;
using OrderSystem.Contracts;
using OrderSystem.Payment.Domain;
using OrderSystem.Payment.Features.PaymentMethods;
using OrderSystem.Payment.Persistence;
using OrderSystem.Tests.Hosts;

namespace OrderSystem.Tests.Payment;

/// <summary>The Payment service with a short delayed approval and <see cref="Customer"/>'s test cards registered over HTTP.</summary>
public sealed class PaymentSettings : IServiceSettings<PaymentDbContext>
{
    /// <summary>Short enough for a test, long enough that a refund sent right after the request lands before it.</summary>
    public static readonly TimeSpan DelayedApproval = TimeSpan.FromSeconds(3);

    /// <summary>The customer who registered <see cref="PaymentMethods"/>.</summary>
    public const string Customer = "ada";

    /// <summary>A well-formed number that is none of the test cards.</summary>
    public const string UnknownCard = "5555555555554444";

    /// <inheritdoc />
    public string Service => "payment";

    /// <inheritdoc />
    public string ProbeExchange => Exchanges.Payment;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["Payment:DelayedApprovalDelay"] = DelayedApproval.ToString(),
        ["Payment:CapturePollInterval"] = "00:00:00.100",
    };

    /// <summary><see cref="Customer"/>'s payment method of each test card (and <see cref="UnknownCard"/>), registered over HTTP.</summary>
    public Dictionary<string, Guid> PaymentMethods { get; } = [];

    /// <inheritdoc />
    public async Task Prepare(InProcessService<PaymentDbContext> service)
    {
        using var customer = await service.Client(Customer);
        foreach (var card in new[] { TestCards.Approved, TestCards.Declined, TestCards.InsufficientFunds, TestCards.DelayedApproval, UnknownCard })
        {
            using var response = await customer.PostAsJsonAsync("/payment-methods", new { cardNumber = card });
            response.EnsureSuccessStatusCode();
            PaymentMethods[card] = (await response.Content.ReadFromJsonAsync<RegisterPaymentMethod.Response>())!.PaymentMethodId;
        }
    }
}
