using OrderSystem.Tests.EndToEnd;

namespace OrderSystem.Tests.Security;

/// <summary>The four services started once, signed in through the real test Identity.</summary>
public sealed class SignedInSystem : IAsyncLifetime
{
    /// <summary>The running system.</summary>
    public SystemUnderTest System { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => System = await SystemUnderTest.Start();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await System.DisposeAsync();
}
