using OrderSystem.Persistence.Database;

namespace OrderSystem.Identity.Persistence;

sealed class SqlServerIdentityStoreDbContextFactory() : DesignTimeDbContextFactory<SqlServerIdentityStoreDbContext>(DatabaseProvider.SqlServer);
