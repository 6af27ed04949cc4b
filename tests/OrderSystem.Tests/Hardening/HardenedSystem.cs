using OrderSystem.Tests.EndToEnd;

namespace OrderSystem.Tests.Hardening;

/// <summary>The four services, in-process on real RabbitMQ and PostgreSQL, with the order rate limit out of the way.</summary>
public sealed class HardenedSystem : IAsyncLifetime
{
    /// <summary>The running system.</summary>
    public SystemUnderTest System { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        System = await SystemUnderTest.Start(new Dictionary<string, string?>
        {
            ["RateLimiting:Orders:PermitsPerSecond"] = "100000",
            ["RateLimiting:Orders:Burst"] = "100000",
        });
        // Order knows the demo catalogue once an order for KB-001 fails on the payment method only (nothing is stored).
        await System.PlaceOrder(new
        {
            items = new[] { new { sku = "KB-001", quantity = 1 } },
            payment = new { paymentMethodId = Guid.Empty },
        });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await System.DisposeAsync();
}
