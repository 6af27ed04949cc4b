using OrderSystem.Inventory.Features.Catalogue;

namespace OrderSystem.Tests.Hosts;

/// <summary>The order rate limit out of the way, and Order's catalogue replica already knowing the demo catalogue.</summary>
public sealed class UnlimitedOrderRate : ISystemSettings
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["RateLimiting:Orders:PermitsPerSecond"] = "100000",
        ["RateLimiting:Orders:Burst"] = "100000",
    };

    /// <inheritdoc />
    public Task Prepare(SystemUnderTest system) => system.CatalogueKnows([.. CatalogueSeeder.DemoProducts.Select(p => p.Sku)]);
}
