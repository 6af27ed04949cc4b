using Xunit;

namespace OrderSystem.Testing;

/// <summary>
/// xUnit class fixture giving a test class its own virtual host and database on the run's servers
/// (<see cref="TestInfrastructure"/>), removed when the class's tests are done:
/// <code>
/// public sealed class OutboxTests(InfrastructureFixture infrastructure) : IClassFixture&lt;InfrastructureFixture&gt;
/// </code>
/// </summary>
public class InfrastructureFixture : IAsyncLifetime
{
    IsolatedBroker? _broker;
    IsolatedDatabase? _database;
    TestInfrastructure? _infrastructure;

    /// <summary>The run's servers.</summary>
    public TestInfrastructure Infrastructure => _infrastructure ?? throw NotInitialized();

    /// <summary>This class's virtual host.</summary>
    public IsolatedBroker Broker => _broker ?? throw NotInitialized();

    /// <summary>This class's database.</summary>
    public IsolatedDatabase Database => _database ?? throw NotInitialized();

    /// <summary>Another virtual host on the same broker (e.g. to prove isolation); the caller disposes it.</summary>
    /// <param name="prefix">Readable start of the name.</param>
    /// <param name="cancellationToken">Cancels the HTTP calls.</param>
    public Task<IsolatedBroker> CreateBrokerAsync(string prefix = "test", CancellationToken cancellationToken = default) =>
        IsolatedBroker.CreateAsync(Infrastructure.Broker, prefix, cancellationToken);

    /// <summary>Another database on the same server (e.g. a second service's); the caller disposes it.</summary>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public Task<IsolatedDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        IsolatedDatabase.CreateAsync(Infrastructure.Database, cancellationToken);

    /// <summary>Finds or starts the servers, then creates the virtual host and the database.</summary>
    public async ValueTask InitializeAsync()
    {
        _infrastructure = await TestInfrastructure.GetAsync();
        _broker = await IsolatedBroker.CreateAsync(_infrastructure.Broker, GetType().Name);
        _database = await IsolatedDatabase.CreateAsync(_infrastructure.Database);
    }

    /// <summary>Deletes the virtual host and drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            if (_broker is not null)
                await _broker.DisposeAsync();
        }
        finally
        {
            if (_database is not null)
                await _database.DisposeAsync();
        }
    }

    static InvalidOperationException NotInitialized() =>
        new("InfrastructureFixture is not initialized: use it as an xUnit class fixture (IClassFixture<InfrastructureFixture>).");
}
