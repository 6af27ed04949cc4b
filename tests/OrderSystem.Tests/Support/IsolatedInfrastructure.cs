namespace OrderSystem.Tests.Support;

/// <summary>One vhost and one database for a test class, created before and removed after.</summary>
public sealed class IsolatedInfrastructure : IAsyncLifetime
{
    /// <summary>The test class's vhost.</summary>
    public string VirtualHost { get; private set; } = "";

    /// <summary>The test class's database.</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        VirtualHost = await RealInfrastructure.CreateVirtualHost("test");
        DatabaseConnectionString = await RealInfrastructure.CreateDatabase("test");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await RealInfrastructure.DeleteVirtualHost(VirtualHost);
        await RealInfrastructure.DropDatabase(DatabaseConnectionString);
    }
}
