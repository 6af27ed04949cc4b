using OrderSystem.Persistence.Database;

namespace OrderSystem.Order.Persistence;

sealed class PostgresOrderDbContextFactory() : DesignTimeDbContextFactory<PostgresOrderDbContext>(DatabaseProvider.Postgres);
