using OrderSystem.Persistence.Database;

namespace OrderSystem.Order.Persistence;

sealed class SqlServerOrderDbContextFactory() : DesignTimeDbContextFactory<SqlServerOrderDbContext>(DatabaseProvider.SqlServer);
