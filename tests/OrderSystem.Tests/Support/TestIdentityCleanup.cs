[assembly: AssemblyFixture(typeof(OrderSystem.Tests.Support.TestIdentityCleanup))]

namespace OrderSystem.Tests.Support;

/// <summary>Stops the shared Identity host and drops its database when the test assembly is done.</summary>
public sealed class TestIdentityCleanup : IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (TestIdentity.IsStarted)
            await (await TestIdentity.Shared).DisposeAsync();
    }
}
