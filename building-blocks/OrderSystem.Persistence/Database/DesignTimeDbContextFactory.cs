using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OrderSystem.Persistence.Database;

/// <summary>
/// Lets <c>dotnet ef</c> create a provider-specific DbContext without a running service or database.
/// Each service derives one per provider, e.g.
/// <c>sealed class PostgresFactory() : DesignTimeDbContextFactory&lt;PostgresOrderDbContext&gt;(DatabaseProvider.Postgres);</c>
/// </summary>
public abstract class DesignTimeDbContextFactory<TContext>(DatabaseProvider provider) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        var connectionString = provider == DatabaseProvider.Postgres
            ? "Host=localhost;Database=design_time"
            : "Server=localhost;Database=DesignTime;TrustServerCertificate=True";
        DatabaseDialect.For(provider).Configure(builder, connectionString);
        return (TContext)Activator.CreateInstance(typeof(TContext), builder.Options)!;
    }
}
