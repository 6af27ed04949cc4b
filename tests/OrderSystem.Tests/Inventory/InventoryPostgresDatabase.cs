using Microsoft.EntityFrameworkCore;
using OrderSystem.Inventory.Persistence;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Inventory;

/// <summary>A throw-away Inventory database on the test database server, migrated once for the test class and dropped afterwards.</summary>
public sealed class InventoryPostgresDatabase : IAsyncLifetime
{
    /// <summary>Connection string of the test database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        ConnectionString = await RealInfrastructure.CreateDatabase("inventory");
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    /// <summary>A new context on the test database, for the run's provider (the caller disposes it).</summary>
    public InventoryDbContext NewContext() => RealInfrastructure.IsPostgres
        ? new PostgresInventoryDbContext(new DbContextOptionsBuilder<PostgresInventoryDbContext>().UseNpgsql(ConnectionString).Options)
        : new SqlServerInventoryDbContext(new DbContextOptionsBuilder<SqlServerInventoryDbContext>().UseSqlServer(ConnectionString).Options);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await RealInfrastructure.DropDatabase(ConnectionString);
}
