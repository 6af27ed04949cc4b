using OrderSystem.Persistence.Database;

namespace OrderSystem.Identity.Persistence;

sealed class PostgresIdentityStoreDbContextFactory() : DesignTimeDbContextFactory<PostgresIdentityStoreDbContext>(DatabaseProvider.Postgres);
