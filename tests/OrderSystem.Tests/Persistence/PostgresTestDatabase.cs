using Microsoft.EntityFrameworkCore;
using OrderSystem.Persistence.Database;
using OrderSystem.Tests.BuildingBlocks;
using OrderSystem.Tests.Support;

namespace OrderSystem.Tests.Persistence;

/// <summary>A fresh database with the building blocks' tables (test model), for tests that drive the statements themselves.</summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    /// <summary>A new context on the database; the caller disposes it.</summary>
    public TestDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<PostgresTestDbContext>();
        DatabaseDialect.Postgres.Configure(options, ConnectionString);
        return new PostgresTestDbContext(options.Options);
    }

    public async ValueTask InitializeAsync()
    {
        if (!RealInfrastructure.IsPostgres)
            return;
        ConnectionString = await RealInfrastructure.CreateDatabase("persistence");
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString.Length > 0)
            await RealInfrastructure.DropDatabase(ConnectionString);
    }
}
