namespace OrderSystem.Tests.Hosts;

/// <summary>
/// What the local run and docker compose turn on for people to try the system: Payment's demo payment methods (the
/// README's ids). The guided tour and the Swagger checks run on it.
/// </summary>
public sealed class DevelopmentSettings : ISystemSettings
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?> { ["PaymentMethods:SeedDemoMethods"] = "true" };
}
