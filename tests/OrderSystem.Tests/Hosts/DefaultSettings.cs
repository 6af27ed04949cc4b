namespace OrderSystem.Tests.Hosts;

/// <summary>The services' own defaults, nothing changed.</summary>
public sealed class DefaultSettings : ISystemSettings
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>();
}
