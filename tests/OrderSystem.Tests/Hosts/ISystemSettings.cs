namespace OrderSystem.Tests.Hosts;

/// <summary>
/// What a <see cref="SystemFixture{TSettings}"/> starts the four services with: the configuration that differs from the
/// services' defaults, and what has to be true before the first test runs.
/// </summary>
public interface ISystemSettings
{
    /// <summary>Configuration applied to every service.</summary>
    IReadOnlyDictionary<string, string?> Values { get; }

    /// <summary>Runs once on the started system, before any test class gets it.</summary>
    Task Prepare(SystemUnderTest system) => Task.CompletedTask;
}
